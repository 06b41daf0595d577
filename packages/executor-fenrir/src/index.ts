// @yggdrasil/executor-fenrir: the development host's executor (git, tests, code review) on agent-core.
export { fenrirHandlers, fenrirOwnUrls } from "./fenrir-handlers.js";
export { resolveFenrirConfig } from "./config.js";
export type { FenrirOptions, FenrirConfig } from "./config.js";
export type { GitCloneParams } from "./handlers/git-clone.js";
export type { GitCommitParams } from "./handlers/git-commit.js";
export type { CodeReviewParams } from "./handlers/code-review.js";
export type { RunTestsParams } from "./handlers/run-tests.js";
export type { Finding } from "./review/findings.js";
export { EXECUTOR_NAME, EXECUTOR_DESCRIPTION } from "./identity.js";
