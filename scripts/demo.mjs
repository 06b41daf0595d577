#!/usr/bin/env node
// The README's demo: starts the sample executor (built on @yggdrasil/agent-core) as a real
// process on loopback, calls its HTTP API the way the coordinator will, and stops it gracefully.
// `--keep` leaves it running so you can try the printed curl commands yourself.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const work = join(root, ".demo");
const keep = process.argv.includes("--keep");
const show = (p) => relative(process.cwd(), p) || ".";

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

function step(text) {
  console.log(`\n\x1b[1m▸ ${text}\x1b[0m`);
}

const { YGG_TOKEN: _ignored, ...env } = process.env; // let the executor generate its own token
step("Starting sample-executor (agent-core + 3 handlers) on 127.0.0.1");
const child = spawn(process.execPath, [
  join(root, "packages/testkit/dist/demo/sample-executor.js"),
  "--host", "127.0.0.1", "--port", "0",
  "--state-dir", join(work, "state"), "--log-file", join(work, "agent.log"),
], { env, stdio: ["ignore", "pipe", "inherit"] });
let out = "";
child.stdout.on("data", (d) => (out += d));
const exited = new Promise((resolve) => child.on("exit", resolve));

const url = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`executor did not start:\n${out}`)), 15_000);
  const poll = setInterval(() => {
    const m = /listening on (http\S+)/.exec(out);
    if (m) {
      clearInterval(poll);
      clearTimeout(timer);
      resolve(m[1]);
    }
  }, 50);
});
const tokenFile = join(work, "state", "token");
const token = readFileSync(tokenFile, "utf8").trim();
console.log(`  listening on ${url}; it generated its token in ${show(tokenFile)} (mode 0600)`);
console.log(`  its log: ${show(join(work, "agent.log"))}`);

async function call(method, path, body, headers = {}) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}
const brief = (r) => JSON.stringify(r.body.result ?? r.body.error ?? r.body);

step("GET /health (open, no token)");
const health = await fetch(`${url}/health`).then((r) => r.json());
console.log(`  ${JSON.stringify(health)}`);

step("GET /status");
const status = await call("GET", "/status");
for (const h of status.body.handlers) console.log(`  ${h.type.padEnd(13)} ${h.description}`);

step("POST /execute demo-hello (synchronous)");
const hello = await call("POST", "/execute", { task_id: "demo-1", type: "demo-hello", params: { name: "homelab" } });
console.log(`  ${hello.status} ${hello.body.status}: ${brief(hello)}`);

step("POST /execute demo-sysinfo (runs `uname -sr`, no shell)");
const sys = await call("POST", "/execute", { task_id: "demo-2", type: "demo-sysinfo", params: {} });
console.log(`  ${sys.status} ${sys.body.status}: ${brief(sys)}`);

step("POST /execute demo-wait with Prefer: respond-async, then follow GET /tasks/demo-3");
const started = await call("POST", "/execute", { task_id: "demo-3", type: "demo-wait", params: { seconds: 1 } }, { prefer: "respond-async" });
console.log(`  ${started.status} ${started.body.status}, Location: ${started.headers.get("location")}`);
let followed;
do {
  await new Promise((r) => setTimeout(r, 250));
  followed = await call("GET", "/tasks/demo-3");
} while (followed.body.status === "running");
console.log(`  ${followed.body.status} after ${followed.body.duration_seconds.toFixed(2)} s: ${brief(followed)}`);

step("The same (task_id, attempt) again: answered from the durable record, nothing runs twice");
const again = await call("POST", "/execute", { task_id: "demo-3", type: "demo-wait", params: { seconds: 1 } });
console.log(`  ${again.status} ${again.body.status}, same finished_at: ${again.body.finished_at === followed.body.finished_at}`);

step("Refusals: bad params, unknown type, no token");
const bad = await call("POST", "/execute", { task_id: "demo-4", type: "demo-hello", params: { nmae: "typo" } });
console.log(`  ${bad.status} ${bad.body.error.code}: ${bad.body.error.message}`);
const unknown = await call("POST", "/execute", { task_id: "demo-5", type: "llm-generate", params: {} });
console.log(`  ${unknown.status} ${unknown.body.error.code}: known = ${unknown.body.error.details.known.join(", ")}`);
const noToken = await fetch(`${url}/status`);
console.log(`  ${noToken.status} ${(await noToken.json()).error.code}`);

const curl = `curl -s -H "Authorization: Bearer $(cat ${show(tokenFile)})"`;
if (keep) {
  step("Still running: try it yourself (Ctrl-C stops it gracefully)");
  console.log(`  ${curl} ${url}/status`);
  console.log(`  ${curl} -H 'Content-Type: application/json' -d '{"task_id":"try-1","type":"demo-hello","params":{"name":"you"}}' ${url}/execute`);
  process.on("SIGINT", () => child.kill("SIGTERM"));
  await exited;
} else {
  step("SIGTERM: the executor drains and exits 0");
  child.kill("SIGTERM");
  const code = await exited;
  console.log(`  exit code ${code}`);
  console.log(`\nDone. Run \`npm run demo -- --keep\` to keep it running and try:\n  ${curl} ${url.replace(/:\d+$/, ":<port>")}/status`);
  process.exit(code === 0 && hello.body.status === "completed" && followed.body.status === "completed" ? 0 : 1);
}
