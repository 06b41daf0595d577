// The one place docker runs: `docker compose -f <file> up -d <service>` and `… ps --format json`,
// argument arrays only; a missing docker or a failed command becomes a clear TaskError.
import { isTaskError, TaskError, tailText, type CommandResult, type TaskContext } from "@yggdrasil/agent-core";
import { containerOf, parseComposePs, type ContainerState } from "./compose-ps.js";

async function docker(ctx: TaskContext, args: readonly string[], timeoutMs: number): Promise<CommandResult> {
  try {
    return await ctx.run("docker", args, { env: ctx.childEnv({ LC_ALL: "C" }), timeoutMs, reject: false, logOutput: "stderr" });
  } catch (e) {
    if (isTaskError(e) && e.code === "command_not_found") throw new TaskError("docker_missing", "docker is not installed or not on PATH", { cause: e });
    throw e;
  }
}

/** Creates and starts the service's container; throws compose_up_failed with docker's own words. */
export async function composeUp(ctx: TaskContext, file: string, service: string, timeoutMs: number): Promise<void> {
  const r = await docker(ctx, ["compose", "-f", file, "up", "-d", service], timeoutMs);
  if (r.exitCode === 0) return;
  const said = tailText(r.stderr) || tailText(r.stdout);
  // The engine being down is the one failure a later retry can fix by itself.
  const engineDown = /Cannot connect to the Docker daemon/i.test(said);
  throw new TaskError("compose_up_failed", `docker compose up exited with code ${r.exitCode ?? r.signal}${said ? `: ${said}` : ""}`, {
    retryable: engineDown,
    details: { argv: r.argv, exit_code: r.exitCode },
  });
}

/** The service's container as `compose ps` reports it, or null (none, or ps failed: the reason goes to the log). */
export async function composeContainer(ctx: TaskContext, file: string, service: string): Promise<ContainerState | null> {
  const r = await docker(ctx, ["compose", "-f", file, "ps", "--format", "json", "-a", service], 60_000);
  if (r.exitCode !== 0) {
    ctx.log.warn(`docker compose ps exited with code ${r.exitCode ?? r.signal}: ${tailText(r.stderr) || tailText(r.stdout)}`);
    return null;
  }
  try {
    return containerOf(parseComposePs(r.stdout), service);
  } catch (e) {
    ctx.log.warn((e as Error).message);
    return null;
  }
}
