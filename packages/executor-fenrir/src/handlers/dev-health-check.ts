// dev-health-check: which development tools this host has, and the workspace's free disk.
import { statfs } from "node:fs/promises";
import { defineHandler, isTaskError, TaskError, type TaskContext } from "@yggdrasil/agent-core";
import type { FenrirDeps } from "./handler-deps.js";

// Tool → how to ask its version; the first version-looking token of the answer is reported.
const TOOLS: Record<string, readonly string[]> = {
  git: ["--version"],
  node: ["--version"],
  npm: ["--version"],
  pnpm: ["--version"],
  yarn: ["--version"],
  docker: ["--version"],
  python3: ["--version"],
  go: ["version"],
  cargo: ["--version"],
  make: ["--version"],
};

/** The dev-health-check handler; fails (retryable) when git or the workspace is unusable, still listing what it found. */
export function devHealthCheckHandler(deps: FenrirDeps) {
  return defineHandler<Record<string, never>>({
    type: "dev-health-check",
    description: "Reports the versions of git, node, npm/pnpm, docker and other tools, and the workspace's free disk",
    paramsSchema: { type: "object", additionalProperties: false, properties: {} },
    timeoutSeconds: 60,
    async run(_p, ctx) {
      const entries = await Promise.all(Object.entries(TOOLS).map(async ([tool, args]) => [tool, await toolVersion(ctx, tool, args)] as const));
      const tools = Object.fromEntries(entries);
      const workspace = await workspaceInfo(deps);
      const result = { ...tools, workspace: workspace.path, workspace_free_bytes: workspace.free_bytes, workspace_error: workspace.error };
      for (const [tool, version] of entries) ctx.log.info(`${tool}: ${version ?? "not found"}`);
      ctx.log.info(`workspace ${workspace.path}: ${workspace.error ?? `${workspace.free_bytes} bytes free`}`);
      if (!tools.git) throw new TaskError("git_missing", "git is not installed or not on PATH; every git handler needs it", { retryable: true, result });
      if (workspace.error) throw new TaskError("workspace_unavailable", workspace.error, { retryable: true, result });
      return result;
    },
  });
}

async function toolVersion(ctx: TaskContext, tool: string, args: readonly string[]): Promise<string | null> {
  try {
    const r = await ctx.run(tool, args, { env: ctx.childEnv({ LC_ALL: "C", COREPACK_ENABLE_NETWORK: "0", COREPACK_ENABLE_DOWNLOAD_PROMPT: "0" }), timeoutMs: 15_000, logOutput: false, reject: false });
    if (r.exitCode !== 0) return null;
    return /\d+\.\d+(?:\.\d+)?(?:[-+][\w.]+)?/.exec(`${r.stdout}\n${r.stderr}`)?.[0] ?? ((r.stdout.trim().split("\n")[0] ?? "") || null);
  } catch (e) {
    if (isTaskError(e) && e.code !== "cancelled") return null;
    throw e;
  }
}

async function workspaceInfo(deps: FenrirDeps): Promise<{ path: string; free_bytes: number | null; error: string | null }> {
  try {
    const path = await deps.workspace.realRoot();
    const s = await statfs(path);
    return { path, free_bytes: s.bavail * s.bsize, error: null };
  } catch (e) {
    return { path: deps.workspace.root, free_bytes: null, error: (e as Error).message };
  }
}
