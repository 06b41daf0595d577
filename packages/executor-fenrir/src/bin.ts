#!/usr/bin/env node
// The fenrir-executor command: agent-core's executor CLI with Fenrir's handlers and flags.
import { mkdirSync } from "node:fs";
import { ConfigError, runExecutorCli } from "@yggdrasil/agent-core";
import { resolveFenrirConfig, type FenrirOptions } from "./config.js";
import { fenrirHandlers, fenrirOwnUrls } from "./fenrir-handlers.js";
import { EXECUTOR_DESCRIPTION, EXECUTOR_NAME, packageVersion } from "./identity.js";

function options(flags: Record<string, unknown>): FenrirOptions {
  return { workspace: flags.workspace as string | undefined, ollamaUrl: flags.ollamaUrl as string | undefined };
}

await runExecutorCli({
  name: EXECUTOR_NAME,
  version: packageVersion(),
  description: EXECUTOR_DESCRIPTION,
  options: [
    { flags: "--workspace <dir>", description: "root every repository path must stay inside (default ~/yggdrasil-workspace)", env: "YGG_WORKSPACE" },
    { flags: "--ollama-url <url>", description: "this host's Ollama for code-review's LLM review; always allowed", env: "YGG_OLLAMA_URL" },
  ],
  handlers(flags) {
    const config = resolveFenrirConfig(options(flags));
    try {
      mkdirSync(config.workspace, { recursive: true });
    } catch (e) {
      throw new ConfigError(`cannot create the workspace ${config.workspace}: ${(e as Error).message}`, { cause: e });
    }
    return fenrirHandlers(options(flags));
  },
  ownUrls: (flags) => fenrirOwnUrls(options(flags)),
});
