// Injection corpus through every string param of every Huginn handler (a real executor process,
// the testkit's fake DNS, Pi-hole and Plex on loopback, recording ansible-playbook and ping):
// refused or passed literally. Every name resolves through the fake DNS, never a real resolver.
import { afterAll, beforeAll, expect, test } from "@jest/globals";
import { createSocket, type Socket } from "node:dgram";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeDns, type FakeDns } from "@yggdrasil/testkit/fakes/dns";
import { startFakePiholeV6, type FakePiholeV6 } from "@yggdrasil/testkit/fakes/pihole";
import { startFakePlex, type FakePlex } from "@yggdrasil/testkit/fakes/plex";
import { startExecutor } from "./support/executor.js";
import { injectionCorpus, runCorpus } from "./support/injection.js";
import { expectNothingLetIn, type InjectionWorld } from "./support/injection-check.js";
import { writeRecorders } from "./support/recorders.js";

const root = mkdtempSync(join(tmpdir(), "ygg-hostile-huginn-"));
const playbooks = join(root, "playbooks");
let w: InjectionWorld;
let dns: FakeDns;
let pihole: FakePiholeV6;
let plex: FakePlex;
let wolSink: Socket;
let closedPort: number;

/** A loopback TCP port nothing listens on (probes to it are refused at once). */
async function closedLoopbackPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

beforeAll(async () => {
  mkdirSync(playbooks);
  mkdirSync(join(root, "outside"));
  writeFileSync(join(playbooks, "site.yml"), "- hosts: all\n  tasks: []\n");
  writeFileSync(join(playbooks, "hosts.ini"), "[web]\nweb1 ansible_host=127.0.0.1\n");
  const recorders = writeRecorders(join(root, "fakes"), ["ansible-playbook", "ping"]);
  dns = await startFakeDns({ records: { "host.test": ["127.0.0.1"] } });
  pihole = await startFakePiholeV6({ password: "pihole-inj-password" });
  plex = await startFakePlex({ token: "plex-inj-token" });
  wolSink = createSocket("udp4");
  await new Promise<void>((r) => wolSink.bind(0, "127.0.0.1", r));
  closedPort = await closedLoopbackPort();
  const ex = await startExecutor({
    kind: "huginn", dir: join(root, "executor"), token: "huginn-inj-token-0123456789abcdef", pathPrefix: recorders.binDir,
    args: ["--playbooks", playbooks, "--dns-server", dns.server, "--pihole-url", pihole.url, "--plex-url", plex.url, "--max-concurrent", "4"],
    env: { YGG_SECRET_PIHOLE: "pihole-inj-password", YGG_SECRET_PLEX: "plex-inj-token" },
  });
  const canary = join(root, "CANARY");
  const escape = `ygg-escape-${process.pid}-huginn`;
  w = { ex, root, canary, escape, corpus: injectionCorpus(canary, escape, join(root, "outside")), recorders, owned: [join(root, "executor")] };
});
afterAll(async () => {
  await w?.ex.stop();
  await Promise.all([dns?.close(), pihole?.close(), plex?.close()]);
  wolSink?.close();
  rmSync(root, { recursive: true, force: true });
});

test("every string param of every Huginn handler: refused or literal, nothing executed, nothing outside the playbooks", async () => {
  const wolPort = wolSink.address().port;
  const { outcomes, slots } = await runCorpus(w.ex, {
    "ops-health-check": [{}],
    "ansible-playbook": [{ playbook: "site.yml", inventory: "hosts.ini", limit: "web", extra_vars: { x: "y" }, tags: ["t"], check: true }],
    "monitor-pihole": [{ url: pihole.url, password_env: "YGG_SECRET_PIHOLE", api: "v6" }],
    "monitor-plex": [{ url: plex.url, token_env: "YGG_SECRET_PLEX" }],
    "network-check": [
      { checks: [{ kind: "dns", name: "host.test", server: dns.server, expect: ["127.0.0.1"], type: "A" }], timeout_seconds: 2 },
      { checks: [{ kind: "tcp", host: "127.0.0.1", port: closedPort }], timeout_seconds: 2 },
      { checks: [{ kind: "http", url: `${plex.url}/identity` }], timeout_seconds: 2 },
      { checks: [{ kind: "ping", host: "127.0.0.1" }], timeout_seconds: 2 },
    ],
    "power-status": [{ hosts: [{ host: "127.0.0.1", name: "n", port: closedPort, method: "tcp" }], timeout_seconds: 1 }],
    "power-wake": [{ mac: "02:00:00:00:00:01", broadcast: "127.0.0.1", port: wolPort, secureon: "00:11:22:33:44:55", wait_for: { host: "127.0.0.1", port: closedPort, timeout_seconds: 1 } }],
  }, w.corpus);
  expectNothingLetIn(w, outcomes, slots);
  // Environment variable names and URLs outside the policy are refused, never tried.
  for (const path of ["/password_env", "/token_env", "/url"]) {
    expect(outcomes.filter((o) => o.path === path).every((o) => o.outcome === "refused")).toBe(true);
  }
  // Jinja in extra_vars would run on this host when a play used the variable: refused before ansible starts.
  expect(outcomes.filter((o) => o.path === "/extra_vars/x" && o.value.startsWith("{{")).map((o) => o.outcome)).toEqual(["refused"]);
  // Hostile host names went to the fake DNS on loopback (the only resolver Huginn was given).
  expect(dns.queries.length).toBeGreaterThan(0);
});
