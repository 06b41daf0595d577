#!/usr/bin/env node
// Benchmark: 10,000 ready issues (~10 MB of JSON). Compares the time bd (the emulator) takes to
// print them with the client's parse + validate time for that output, and the whole ready() call.
// Target: parse + validate well under bd's own time (less than a quarter).
import { performance } from "node:perf_hooks";
import { join } from "node:path";
import { createBdWorkspace } from "@yggdrasil/testkit";
import { BeadsClient } from "../dist/index.js";
import { parseJsonLoose, unwrap } from "../dist/output.js";
import { validators } from "../dist/schemas.js";

const N = Number(process.env.BENCH_ISSUES ?? 10_000);
const now = "2026-04-18T16:33:41Z";
const lines = [];
for (let i = 0; i < N; i++) {
  lines.push(JSON.stringify({
    id: `ygg-${i.toString(36).padStart(4, "0")}`, title: `Task ${i}: rotate the logs of host ${i % 40}`,
    description: `Handler: ops-network-check\n\n\`\`\`json\n{"targets": ["127.0.0.1"], "i": ${i}}\n\`\`\`\n${"Some context for a person. ".repeat(25)}`,
    status: "open", priority: i % 5, issue_type: "task", owner: "ops@example.invalid", created_at: now, created_by: "bench", updated_at: now,
    labels: ["ops", `rack-${i % 7}`], metadata: { ygg: { type: "ops-network-check", params: { targets: ["127.0.0.1"] } } },
  }));
}
const ws = createBdWorkspace({ prefix: "ygg", issuesJsonl: `${lines.join("\n")}\n` });
try {
  const t0 = performance.now();
  const raw = await ws.run(["--json", "ready", "--limit", "0"], { timeoutMs: 120_000 });
  const bdMs = performance.now() - t0;
  if (raw.code !== 0) throw new Error(raw.stderr);
  const runs = [];
  let count = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const parsed = parseJsonLoose(raw.stdout);
    const value = unwrap(parsed.value);
    if (!parsed.ok || !validators.issues(value)) throw new Error("invalid");
    count = value.length;
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  const client = new BeadsClient({ actor: "bench", bin: join(ws.binDir, "bd"), cwd: ws.dir, beadsDir: ws.beadsDir, timeoutMs: 120_000 });
  await client.version();
  const t1 = performance.now();
  const issues = await client.ready();
  const callMs = performance.now() - t1;
  const mb = (Buffer.byteLength(raw.stdout) / 1024 / 1024).toFixed(1);
  console.log(`bd ready --limit 0 printing ${count} issues (${mb} MB): ${bdMs.toFixed(0)} ms`);
  console.log(`client parse + validate of that output: median ${runs[2].toFixed(1)} ms (min ${runs[0].toFixed(1)}), ${((runs[2] / bdMs) * 100).toFixed(1)}% of bd's time`);
  console.log(`client.ready() end to end: ${callMs.toFixed(0)} ms for ${issues.length} issues`);
} finally {
  ws.cleanup();
}
