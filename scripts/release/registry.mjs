// A private npm registry for the release tests: verdaccio on 127.0.0.1 with its storage in a
// temp dir. @yggdrasil/* is readable by anyone and publishable by a registered user (so the
// token path of `pnpm release` is exercised); everything else is proxied from the public registry.
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { $ } from "zx";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Starts verdaccio in `dir`; resolves once it answers /-/ping. `stop()` ends it. */
export async function startRegistry(dir, { deadlineMs = 60_000 } = {}) {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const config = join(dir, "config.yaml");
  writeFileSync(config, [
    "storage: ./storage",
    "auth:",
    "  htpasswd: { file: ./htpasswd, max_users: 10 }",
    "uplinks:",
    "  npmjs: { url: https://registry.npmjs.org/, timeout: 60s }",
    "packages:",
    "  '@yggdrasil/*': { access: $all, publish: $authenticated, unpublish: $authenticated }",
    "  '**': { access: $all, proxy: npmjs }",
    `listen: 127.0.0.1:${port}`,
    "log: { type: stdout, format: pretty, level: warn }",
    "",
  ].join("\n"));
  const url = `http://127.0.0.1:${port}/`;
  // Its own process (not part of a shell chain), so stop() ends verdaccio itself.
  const proc = $({ cwd: dir, nothrow: true, quiet: true, stdio: ["ignore", "pipe", "pipe"] })`${join(root, "node_modules/.bin/verdaccio")} --config ${config}`;
  let log = "";
  proc.stdout.on("data", (d) => (log += d));
  proc.stderr.on("data", (d) => (log += d));
  let exited = false;
  proc.then(() => (exited = true));
  const deadline = Date.now() + deadlineMs;
  while (!(await answers(`${url}-/ping`))) {
    if (exited || Date.now() > deadline) {
      await proc.kill().catch(() => {});
      throw new Error(`verdaccio did not start on ${url}:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    log: () => log,
    /** Registers a user and returns its token (what CI keeps in the NPM_TOKEN secret). */
    async addUser(name, password) {
      const res = await fetch(`${url}-/user/org.couchdb.user:${encodeURIComponent(name)}`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name, password }),
      });
      const body = await res.json();
      if (!res.ok || !body.token) throw new Error(`registering ${name}: ${res.status} ${JSON.stringify(body)}`);
      return body.token;
    },
    /** The packument of a package (404 → undefined). */
    async packument(name) {
      const res = await fetch(`${url}${name.replace("/", "%2f")}`);
      if (res.status === 404) return undefined;
      if (!res.ok) throw new Error(`GET ${name}: ${res.status}`);
      return res.json();
    },
    async stop() {
      if (!exited) await proc.kill("SIGTERM").catch(() => {});
      await proc;
    },
  };
}

async function answers(url) {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false; // not listening yet
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
