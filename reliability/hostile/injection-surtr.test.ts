// Injection corpus through every string param of every Surtr handler (a real executor process,
// the testkit's fake Ollama, recording docker and nvidia-smi): refused or passed literally.
import { afterAll, beforeAll, expect, test } from "@jest/globals";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeOllama, type FakeOllama } from "@yggdrasil/testkit";
import { startExecutor } from "./support/executor.js";
import { injectionCorpus, runCorpus } from "./support/injection.js";
import { expectNothingLetIn, type InjectionWorld } from "./support/injection-check.js";
import { writeRecorders } from "./support/recorders.js";

const root = mkdtempSync(join(tmpdir(), "ygg-hostile-surtr-"));
let w: InjectionWorld;
let ollama: FakeOllama;
const compose = join(root, "deploy", "compose.yml");

beforeAll(async () => {
  mkdirSync(join(root, "deploy"));
  mkdirSync(join(root, "outside"));
  writeFileSync(compose, "services:\n  ollama:\n    image: ollama/ollama\n");
  const recorders = writeRecorders(join(root, "fakes"), ["docker", "nvidia-smi"]);
  ollama = await startFakeOllama();
  const ex = await startExecutor({ kind: "surtr", dir: join(root, "executor"), token: "surtr-inj-token-0123456789abcdef", args: ["--ollama-url", ollama.url, "--compose-file", compose, "--max-concurrent", "4"], pathPrefix: recorders.binDir });
  const canary = join(root, "CANARY");
  const escape = `ygg-escape-${process.pid}-surtr`;
  w = { ex, root, canary, escape, corpus: injectionCorpus(canary, escape, join(root, "outside")), recorders, owned: [join(root, "executor")] };
});
afterAll(async () => {
  await w?.ex.stop();
  await ollama?.close();
  rmSync(root, { recursive: true, force: true });
});

test("every string param of every Surtr handler: refused or literal, nothing executed, nothing outside its state", async () => {
  const { outcomes, slots } = await runCorpus(w.ex, {
    "llm-health-check": [{}],
    "ollama-list-models": [{}],
    "gpu-verify": [{}],
    "ollama-deploy": [{ compose_file: compose, service: "ollama", wait_seconds: 5 }],
    "ollama-pull-model": [{ model: "llama3" }],
    "llm-inference": [
      { model: "llama3", prompt: "hi", system: "s", format: "json", keep_alive: "5m", options: { stop: ["x"] } },
      { model: "llama3", messages: [{ role: "user", content: "hi" }] },
    ],
  }, w.corpus);
  expectNothingLetIn(w, outcomes, slots);
  // A compose file the policy does not list is refused, whatever it looks like.
  expect(outcomes.filter((o) => o.path === "/compose_file").every((o) => o.outcome === "refused")).toBe(true);
  // Prompts are data: they reach Ollama byte for byte (JSON-encoded), never a program.
  const prompts = ollama.requests.map((r) => (r.body as { prompt?: string } | undefined)?.prompt).filter((p): p is string => typeof p === "string");
  expect(prompts).toEqual(expect.arrayContaining([`$(touch ${w.canary})`, `; touch ${w.canary}`]));
});
