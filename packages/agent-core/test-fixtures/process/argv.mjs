// Prints its arguments as JSON so a test can check they arrived verbatim.
process.stdout.write(JSON.stringify(process.argv.slice(2)));
