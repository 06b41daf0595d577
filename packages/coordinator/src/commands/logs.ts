// `logs <bead-id>`: the full output of the bead's last run, from the executor instance that ran it.
import type { BeadsClient } from "@yggdrasil/beads-client";
import { readRun } from "../beads/bookkeeping.js";
import type { ExecutorPool } from "../executors/pool.js";

export async function logs(beadId: string, bd: BeadsClient, pool: ExecutorPool): Promise<string> {
  const bead = await bd.get(beadId);
  const run = readRun(bead);
  if (run.attempt === 0 || !run.executor_url) throw new Error(`${beadId} has never been dispatched`);
  const instance = pool.byUrl(run.executor_url);
  if (!instance) throw new Error(`${beadId} ran on ${run.executor_url}, which is not in the configuration`);
  const record = await instance.client.task(beadId, run.attempt);
  if (!record) throw new Error(`${instance.name} (${run.executor_url}) has no record of attempt ${run.attempt} of ${beadId}`);
  const head = `# ${beadId} attempt ${record.attempt} on ${record.executor} (${run.executor_url}): ${record.status}${record.error ? ` — ${record.error.code}: ${record.error.message}` : ""}\n`;
  return head + record.output + (record.output.endsWith("\n") ? "" : "\n");
}
