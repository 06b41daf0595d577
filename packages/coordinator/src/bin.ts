#!/usr/bin/env node
// The `yggdrasil-coordinator` command.
import { main } from "./cli.js";

process.exit(await main(process.argv.slice(2)));
