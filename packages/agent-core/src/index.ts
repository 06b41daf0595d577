// @yggdrasil/agent-core: the HTTP agent framework every Yggdrasil executor is built on.
export { AgentExecutor } from "./agent.js";
export type { AgentOptions, Listening } from "./agent.js";
export { defineHandler } from "./handlers/types.js";
export type { HandlerDefinition, TaskContext, TaskLogger } from "./handlers/types.js";
export { TaskError, isTaskError, PolicyDeniedError, InvalidParamsError, HttpError, isHttpError, ConfigError, isConfigError } from "./errors.js";
export { DEFAULT_POLICY, loadPolicyFile, resolvePolicy } from "./policy/policy.js";
export type { Policy } from "./policy/policy.js";
export { PolicyGuard } from "./policy/guard.js";
export { globMatch } from "./policy/glob.js";
export { Redactor, REDACTED } from "./redaction/redactor.js";
export { runCommand, assertNotOption, defaultEnv, tailText } from "./process/run-command.js";
export type { RunCommandOptions, CommandResult } from "./process/run-command.js";
export { runPlaybook } from "./process/run-playbook.js";
export type { RunPlaybookOptions, PlaybookResult } from "./process/run-playbook.js";
export { runExecutorCli } from "./cli/run-cli.js";
export type { ExecutorCliOptions } from "./cli/run-cli.js";
export { userStateDir, defaultStateDir } from "./paths.js";
export * from "./protocol.js";
