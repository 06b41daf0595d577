// Runs an injection corpus through every string param of every handler of a running executor and
// checks the outcome: each value is refused (invalid_params / policy_denied) or passed literally,
// no shell ever runs it, and nothing lands outside the directories the executor owns.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { ExecutorProcess } from "./executor.js";
import { authHeaders, protocolViolation, send } from "./http.js";
import type { Recorders } from "./recorders.js";
import { stringSlots } from "./string-params.js";

/** The hostile values, built around a canary file that any successful injection would create. */
export function injectionCorpus(canary: string, escape: string, outsideDir: string): string[] {
  return [
    `; touch ${canary}`,
    `$(touch ${canary})`,
    `\`touch ${canary}\``,
    `ok\ntouch ${canary}\n`,
    `x | touch ${canary} #`,
    `x && touch ${canary}`,
    `--upload-pack=touch ${canary}`,
    `-oProxyCommand=touch ${canary}`,
    `ext::sh -c touch% ${canary}`,
    `../../../../${escape}`,
    `${outsideDir}/${escape}`,
    "nul\u0000byte",
    `{{ lookup('pipe', 'touch ${canary}') }}`,
    "x".repeat(70_000),
    "ünïcødé \u202e\u200b 💥 \ud800",
  ];
}

export interface InjectionOutcome {
  handler: string;
  path: string;
  value: string;
  outcome: "refused" | "literal";
  detail: string;
}

/** Valid params per handler type; a base may be limited to some slots (`only`), e.g. push: true only where it matters. */
export type Base = Record<string, unknown> | { params: Record<string, unknown>; only: string[] };
export type Bases = Record<string, Base[]>;

/** Every (handler, string slot, value) case, run `concurrency` at a time; throws on a protocol breach. */
export async function runCorpus(ex: ExecutorProcess, bases: Bases, corpus: readonly string[], concurrency = 4): Promise<{ outcomes: InjectionOutcome[]; slots: number; handlers: string[] }> {
  const status = await send(ex.url, { path: "/status", headers: authHeaders(ex.token) });
  const handlers = (status.json as { handlers: Array<{ type: string; params_schema: Record<string, unknown> }> }).handlers;
  const cases: Array<{ handler: string; path: string; params: Record<string, unknown>; value: string }> = [];
  let slots = 0;
  for (const h of handlers) {
    // A handler nobody gave a valid base to would go unfuzzed: fail instead, so it gets one.
    const list = bases[h.type];
    if (!list) throw new Error(`no base params for handler ${h.type} of ${ex.kind}: add one to this test`);
    // Each slot once per handler: the first base that reaches it (and is not limited away from it) wins.
    const seen = new Set<string>();
    for (const b of list) {
      const { params: base, only } = "only" in b && "params" in b ? (b as { params: Record<string, unknown>; only: string[] }) : { params: b as Record<string, unknown>, only: undefined };
      for (const slot of stringSlots(h.params_schema, base)) {
        if (seen.has(slot.path) || (only && !only.includes(slot.path))) continue;
        seen.add(slot.path);
        slots += 1;
        for (const value of corpus) cases.push({ handler: h.type, path: slot.path, params: slot.with(value), value });
      }
    }
  }
  const outcomes: InjectionOutcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      const c = cases[i]!;
      const t0 = Date.now();
      const res = await send(ex.url, { method: "POST", path: "/execute", headers: authHeaders(ex.token), body: JSON.stringify({ task_id: `inj-${i}`, type: c.handler, params: c.params, timeout_seconds: 30 }) });
      const where = `${c.handler} ${c.path} = ${JSON.stringify(c.value.slice(0, 60))}`;
      if (process.env.YGG_HOSTILE_TIMING) console.log(`${Date.now() - t0} ms ${where} ${res.text.slice(0, 200)}`);
      const why = protocolViolation(res);
      if (why) throw new Error(`${where}: ${why}`);
      const body = res.json as { error?: { code: string; message?: string }; status?: string };
      if (res.status === 400 && body.error?.code === "invalid_params") {
        outcomes.push({ handler: c.handler, path: c.path, value: c.value, outcome: "refused", detail: "invalid_params (schema)" });
      } else if (res.status === 200 && body.status !== undefined) {
        const code = body.error?.code;
        const refused = code === "invalid_params" || code === "policy_denied";
        outcomes.push({ handler: c.handler, path: c.path, value: c.value, outcome: refused ? "refused" : "literal", detail: `${body.status}${code ? ` ${code}` : ""}` });
      } else {
        throw new Error(`${where}: unexpected answer ${res.status} ${res.text.slice(0, 300)}`);
      }
      if (!ex.alive()) throw new Error(`${ex.kind}-executor died at ${where}:\n${ex.output()}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { outcomes, slots, handlers: handlers.map((h) => h.type) };
}

// Options of git, ansible-playbook and docker that take the next argument as their value.
const VALUE_OPTIONS = new Set(["-b", "--branch", "-m", "--message", "-C", "-c", "--author", "--origin", "-o", "--limit", "-l", "-i", "--inventory", "--tags", "-t", "-e", "--extra-vars", "-f", "--file", "-p", "--project-name"]);

/**
 * Arguments that carry a hostile value must carry it whole (no shell split it) and must not start
 * with it when it looks like an option, unless `--` came first or the previous argument is the
 * option whose value it is.
 */
export function argvViolations(calls: string[][], corpus: readonly string[], markers: readonly string[]): string[] {
  const bad: string[] = [];
  for (const argv of calls) {
    argv.forEach((arg, i) => {
      if (!markers.some((m) => arg.includes(m))) return;
      // Whole means as sent, trimmed, or JSON-encoded (ansible's -e takes extra_vars as JSON).
      const whole = corpus.filter((p) => markers.some((m) => p.includes(m))).some((p) => [p, p.trim(), JSON.stringify(p).slice(1, -1)].some((form) => arg.includes(form)));
      if (!whole) bad.push(`${argv[0]} got a piece of a hostile value, not the whole: ${JSON.stringify(arg)} in ${JSON.stringify(argv)}`);
      const asOption = arg.startsWith("-") && corpus.some((p) => p.startsWith("-") && arg.startsWith(p));
      const afterDashes = argv.slice(1, i).includes("--");
      const prev = argv[i - 1] ?? "";
      const isValueOfPrev = i > 1 && VALUE_OPTIONS.has(prev);
      if (asOption && !afterDashes && !isValueOfPrev) bad.push(`${argv[0]} got a hostile value where it reads options: ${JSON.stringify(argv)}`);
    });
  }
  return bad;
}

/** Paths under `root` whose name contains `marker` and that are not inside one of `allowed`. */
export function escapedPaths(root: string, marker: string, allowed: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 12) return;
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (name.includes(marker) && !allowed.some((a) => p === a || p.startsWith(a + sep))) found.push(relative(root, p));
      let isDir = false;
      try {
        isDir = statSync(p).isDirectory();
      } catch {
        isDir = false; // a dangling link: its name was checked, there is nothing below it
      }
      if (isDir && name !== ".git") walk(p, depth + 1);
    }
  };
  if (existsSync(root)) walk(root, 0);
  return found;
}

/** Counts outcomes as "refused N, literal M". */
export function tally(outcomes: readonly InjectionOutcome[]): { refused: number; literal: number } {
  return { refused: outcomes.filter((o) => o.outcome === "refused").length, literal: outcomes.filter((o) => o.outcome === "literal").length };
}
