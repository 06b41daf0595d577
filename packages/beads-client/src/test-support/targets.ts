// The bd implementations the contract suite runs against: the emulator in every mode, and a
// real bd when one is on PATH.
import { spawnSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createBdWorkspace } from "@yggdrasil/testkit";
import { BeadsClient } from "../client.js";
import type { BeadsClientOptions } from "../options.js";

export interface Target {
  name: string;
  /** A fresh workspace and a factory of clients bound to it. */
  open(): { client(actor: string, extra?: Partial<BeadsClientOptions>): BeadsClient; cleanup(): void };
  /** Releases whose claim does not check the status (≤1.0.3). */
  lenientClaim: boolean;
}

const EMULATOR_MODES: Array<[string, Record<string, string>, boolean]> = [
  ["emulator 1.0.5 legacy", {}, false],
  ["emulator 1.0.5 envelope", { BD_JSON_ENVELOPE: "1" }, false],
  ["emulator 1.0.3 legacy", { BD_EMU_VERSION: "1.0.3" }, true],
  ["emulator 1.0.3 envelope", { BD_EMU_VERSION: "1.0.3", BD_JSON_ENVELOPE: "1" }, true],
  ["emulator 1.0.0 (fail-fast lock, pre-1.0.3 JSON)", { BD_EMU_VERSION: "1.0.0" }, true],
];

export function emulatorTargets(): Target[] {
  return EMULATOR_MODES.map(([name, env, lenientClaim]) => ({
    name,
    lenientClaim,
    open() {
      const ws = createBdWorkspace({ prefix: "ygg", env });
      return {
        client: (actor, extra = {}) => new BeadsClient({ actor, bin: join(ws.binDir, "bd"), cwd: ws.dir, beadsDir: ws.beadsDir, env: { ...env, GIT_AUTHOR_EMAIL: "emu@example.invalid" }, retryBaseMs: 20, ...extra }),
        cleanup: () => ws.cleanup(),
      };
    },
  }));
}

/** A real bd on PATH (not this repo's emulator), or the reason there is none. */
export function realBdTarget(): Target | string {
  const which = spawnSync("sh", ["-c", "command -v bd"], { encoding: "utf8" });
  const path = which.stdout.trim();
  if (which.status !== 0 || !path) return "no bd on PATH";
  const real = realpathSync(path);
  const repo = fileURLToPath(new URL("../../../..", import.meta.url));
  if (real.startsWith(repo) || /testkit|bd-emu|bd-replay/.test(real)) return `bd on PATH is this repo's emulator (${real})`;
  const version = spawnSync(path, ["version", "--json"], { encoding: "utf8", timeout: 10_000 });
  if (version.status !== 0) return `bd on PATH does not answer "bd version --json": ${version.stderr.trim()}`;
  return {
    name: `real bd (${real})`,
    lenientClaim: /"version":\s*"(0\.|1\.0\.[0-3]")/.test(version.stdout),
    open() {
      const dir = mkdtempSync(join(tmpdir(), "bd-real-"));
      const init = spawnSync(path, ["init", "--prefix", "ygg", "--non-interactive", "--quiet", "--skip-hooks", "--skip-agents", "--stealth"], { cwd: dir, encoding: "utf8", env: { ...process.env, BD_NON_INTERACTIVE: "1" } });
      if (init.status !== 0) throw new Error(`bd init failed: ${init.stderr}`);
      return {
        client: (actor, extra = {}) => new BeadsClient({ actor, bin: path, cwd: dir, retryBaseMs: 50, timeoutMs: 60_000, ...extra }),
        cleanup: () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  };
}
