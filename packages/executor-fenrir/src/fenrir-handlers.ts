// Fenrir's handler list: the one place its task types are registered.
import type { HandlerDefinition } from "@yggdrasil/agent-core";
import { resolveFenrirConfig, type FenrirOptions } from "./config.js";
import { codeReviewHandler } from "./handlers/code-review.js";
import { devHealthCheckHandler } from "./handlers/dev-health-check.js";
import { gitCloneHandler } from "./handlers/git-clone.js";
import { gitCommitHandler } from "./handlers/git-commit.js";
import { runTestsHandler } from "./handlers/run-tests.js";
import { Workspace } from "./workspace/workspace.js";

/** The five Fenrir handlers, configured; pass them to AgentExecutor or startTestAgent. */
export function fenrirHandlers(options: FenrirOptions = {}): HandlerDefinition[] {
  const config = resolveFenrirConfig(options);
  const deps = { config, workspace: new Workspace(config.workspace) };
  return [devHealthCheckHandler(deps), gitCloneHandler(deps), gitCommitHandler(deps), codeReviewHandler(deps), runTestsHandler(deps)];
}

/** The URLs Fenrir's handlers may always call (its own Ollama), for AgentOptions.ownUrls. */
export function fenrirOwnUrls(options: FenrirOptions = {}): string[] {
  const { ollamaUrl } = resolveFenrirConfig(options);
  return ollamaUrl ? [ollamaUrl] : [];
}
