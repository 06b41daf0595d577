// What every Fenrir handler is built from.
import type { FenrirConfig } from "../config.js";
import type { Workspace } from "../workspace/workspace.js";

export interface FenrirDeps {
  config: FenrirConfig;
  workspace: Workspace;
}
