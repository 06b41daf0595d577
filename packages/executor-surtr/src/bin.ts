#!/usr/bin/env node
// The surtr-executor command: agent-core's executor CLI with Surtr's handlers and flags.
import { runExecutorCli } from "@yggdrasil/agent-core";
import type { SurtrOptions } from "./config.js";
import { EXECUTOR_DESCRIPTION, EXECUTOR_NAME, packageVersion } from "./identity.js";
import { unitSafeArgv } from "./unit-argv.js";
import { surtrHandlers, surtrOwnUrls } from "./surtr-handlers.js";

function options(flags: Record<string, unknown>): SurtrOptions {
  return {
    ollamaUrl: flags.ollamaUrl as string | undefined,
    composeFile: flags.composeFile as string | undefined,
    allowInsecurePull: flags.allowInsecurePull === true,
  };
}

const { argv, warning } = unitSafeArgv(process.argv);
if (warning) process.stderr.write(`${warning}\n`);

await runExecutorCli({
  name: EXECUTOR_NAME,
  version: packageVersion(),
  description: EXECUTOR_DESCRIPTION,
  argv,
  options: [
    { flags: "--ollama-url <url>", description: "Ollama's base URL (basic-auth credentials allowed; never shown)", env: "YGG_OLLAMA_URL", default: "http://127.0.0.1:11434" },
    { flags: "--compose-file <file>", description: "compose file ollama-deploy uses (others only if the policy's compose_files lists them)", env: "YGG_COMPOSE_FILE" },
    { flags: "--allow-insecure-pull", description: "let ollama-pull-model pass insecure: true (registry without TLS checks)" },
  ],
  handlers: (flags) => surtrHandlers(options(flags)),
  ownUrls: (flags) => surtrOwnUrls(options(flags)),
});
