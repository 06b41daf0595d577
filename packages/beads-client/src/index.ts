// @yggdrasil/beads-client: a typed, defensive wrapper of the bd (Beads) CLI.
export { BeadsClient } from "./client.js";
export type { CallOptions } from "./client.js";
export type { BeadsClientOptions } from "./options.js";
export type { ClaimResult } from "./claim.js";
export type { CreateInput, ListFilter, ReadyFilter, UpdateInput } from "./args.js";
export { BeadsError, isBeadsError } from "./errors.js";
export type { BeadsErrorCode } from "./errors.js";
export type { Comment, DependencyRecord, Issue, VersionInfo } from "./schemas.js";
export { parseTaskSpec, TaskSpecError, isTaskSpecError } from "./task-spec.js";
export type { TaskSpec } from "./task-spec.js";
