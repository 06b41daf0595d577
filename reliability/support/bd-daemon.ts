// The bd emulator as one long-lived server on loopback, reached through a bash `bd` shim.
// Why: on 2 shared cores each emulator process costs ~0.7 s of start-up, so a 500-task soak
// through one process per call would take half an hour. The same emulator code runs here
// in-process (runCli), one call at a time, on the same state files; a hook sees every call
// with the caller's pid, which is how the chaos driver knows the phase it cuts.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "@yggdrasil/testkit";

/** One bd invocation as the shim reports it. */
export interface BdCall {
  /** pid of the process that ran `bd` (the coordinator, or this test). */
  callerPid: number;
  argv: string[];
}

/** What a hook may ask for: run the call normally, kill the caller after running it, never answer, or replace stdout. */
export type HookVerdict = void | { killCaller: true } | { hang: true } | { stdout: string };

export interface BdDaemon {
  /** Directory holding the `bd` shim. */
  binDir: string;
  bin: string;
  port: number;
  /** Called for every invocation before it runs; may return a verdict. */
  hook?: (call: BdCall) => HookVerdict;
  /** Environment every call runs with (BD_EMU_* switches may be added by tests). */
  env: Record<string, string>;
  calls: number;
  /** Time spent inside the emulator, summed (the daemon runs one call at a time). */
  busyMs: number;
  close(): Promise<void>;
}

/** Starts the server and writes the shim; `env` must hold BEADS_DIR of the workspace. */
export async function startBdDaemon(env: Record<string, string>): Promise<BdDaemon> {
  const dir = mkdtempSync(join(tmpdir(), "ygg-bdd-"));
  const open = new Set<Socket>();
  let seq = 0;
  const d = { binDir: dir, bin: join(dir, "bd"), env, calls: 0, busyMs: 0 } as BdDaemon;
  const server: Server = createServer((sock) => {
    open.add(sock);
    sock.on("close", () => open.delete(sock));
    sock.on("error", () => undefined); // a caller killed mid-call
    let buf = Buffer.alloc(0);
    sock.on("data", (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      const fields = buf.toString("utf8").split("\0");
      if (fields.length < 4) return;
      const argc = Number(fields[2]);
      if (fields.length < 4 + argc) return;
      const [pid, cwd] = fields;
      const argv = fields.slice(3, 3 + argc);
      d.calls++;
      const verdict = d.hook?.({ callerPid: Number(pid), argv });
      if (verdict && "hang" in verdict) return; // the client's timeout must end it
      const t0 = performance.now();
      let stdout = "";
      let stderr = "";
      const code = runCli(argv, { env: { ...d.env }, cwd: cwd!, stdout: { write: (t) => void (stdout += t) }, stderr: { write: (t) => void (stderr += t) }, stderrIsTTY: false });
      d.busyMs += performance.now() - t0;
      if (verdict && "stdout" in verdict) stdout = verdict.stdout;
      if (verdict && "killCaller" in verdict) {
        try {
          process.kill(Number(pid), "SIGKILL");
        } catch {
          // already gone
        }
      }
      const base = join(dir, `r${++seq}`);
      writeFileSync(`${base}.out`, stdout);
      writeFileSync(`${base}.err`, stderr);
      // The shim has read both files once it hangs up; removing them here spares it a process.
      sock.once("close", () => {
        rmSync(`${base}.out`, { force: true });
        rmSync(`${base}.err`, { force: true });
      });
      sock.end(`${code} ${base}.out ${base}.err\n`);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  d.port = (server.address() as { port: number }).port;
  // argc then NUL-terminated args; the answer names files holding stdout and stderr (cat only
  // when there is something to print: every process counts on 2 cores).
  writeFileSync(d.bin, `#!/bin/bash
exec 3<>/dev/tcp/127.0.0.1/${d.port} || exit 70
printf '%s\\0%s\\0%s\\0' "$PPID" "$PWD" "$#" >&3
[ $# -gt 0 ] && printf '%s\\0' "$@" >&3
read -r rc out err <&3 || exit 70
cat "$out"; [ -s "$err" ] && cat "$err" >&2
exit "$rc"
`);
  chmodSync(d.bin, 0o755);
  d.close = async () => {
    for (const s of open) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  };
  return d;
}
