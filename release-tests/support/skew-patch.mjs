// Release N+1's source changes, applied to the release copy only: agent-core accepts an optional
// `trace_id` on POST /execute and echoes it in the answer, /health gains `features`; the
// coordinator sends `trace_id`; Fenrir gains a `dev-echo` handler. Additive, as protocol 1 allows.
// Every edit names the text it expects, so a change in the sources fails here, loudly.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const EDITS = {
  "packages/agent-core/src/protocol.ts": [
    ["  attempt?: number;\n}", "  attempt?: number;\n  trace_id?: string;\n}"],
    ["  uptime_seconds: number;\n}", "  uptime_seconds: number;\n  features?: string[];\n}"],
    ["    attempt: { type: \"integer\", minimum: 1, maximum: Number.MAX_SAFE_INTEGER },\n", "    attempt: { type: \"integer\", minimum: 1, maximum: Number.MAX_SAFE_INTEGER },\n    trace_id: { type: \"string\", maxLength: 200 },\n"],
  ],
  "packages/agent-core/src/http/routes.ts": [
    ["      uptime_seconds: Math.round((Date.now() - d.startedAt) / 100) / 10,\n", "      uptime_seconds: Math.round((Date.now() - d.startedAt) / 100) / 10,\n      features: [\"trace_id\"],\n"],
    ["    const { submission, async: isAsync } = parsed;", "    const { submission, async: isAsync, traceId } = parsed;"],
    ["      res.json(record);\n      return;", "      res.json(traceId === undefined ? record : { ...record, trace_id: traceId });\n      return;"],
    ["  return { submission, async: /\\brespond-async\\b/i.test(req.get(\"prefer\") ?? \"\") };", "  return { submission, traceId: (body as ExecuteRequest).trace_id, async: /\\brespond-async\\b/i.test(req.get(\"prefer\") ?? \"\") };"],
  ],
  "packages/coordinator/src/engine/dispatch.ts": [
    ["timeout_seconds: f.timeoutSeconds, attempt: f.attempt });", "timeout_seconds: f.timeoutSeconds, attempt: f.attempt, trace_id: `${f.beadId}#${f.attempt}` });"],
  ],
  "packages/executor-fenrir/src/fenrir-handlers.ts": [
    ["import { runTestsHandler } from \"./handlers/run-tests.js\";", "import { runTestsHandler } from \"./handlers/run-tests.js\";\nimport { devEchoHandler } from \"./handlers/dev-echo.js\";"],
    ["runTestsHandler(deps)];", "runTestsHandler(deps), devEchoHandler()];"],
  ],
};

const NEW_FILES = {
  "packages/executor-fenrir/src/handlers/dev-echo.ts": `// dev-echo (release N+1): returns its text; exists to show a new handler reaching old coordinators.
import { defineHandler } from "@yggdrasil/agent-core";

export function devEchoHandler() {
  return defineHandler<{ text: string }>({
    type: "dev-echo",
    description: "Returns the text it was given",
    paramsSchema: { type: "object", additionalProperties: false, required: ["text"], properties: { text: { type: "string", maxLength: 1000 } } },
    timeoutSeconds: 10,
    async run(p, ctx) {
      ctx.log.info(\`echo: \${p.text}\`);
      return { text: p.text };
    },
  });
}
`,
  ".changeset/skew-agent-core.md": "---\n\"@yggdrasil/agent-core\": minor\n---\n\nPOST /execute accepts an optional `trace_id` and echoes it; /health lists `features`.\n",
  ".changeset/skew-coordinator.md": "---\n\"@yggdrasil/coordinator\": minor\n---\n\nSends a `trace_id` (bead id and attempt) with every dispatch.\n",
  ".changeset/skew-fenrir.md": "---\n\"@yggdrasil/executor-fenrir\": minor\n---\n\nNew `dev-echo` handler.\n",
};

/** Applies N+1's changes to the tree at `dir`; throws naming any expected text that is missing. */
export function applySkewPatch(dir) {
  for (const [file, edits] of Object.entries(EDITS)) {
    let text = readFileSync(join(dir, file), "utf8");
    for (const [from, to] of edits) {
      if (!text.includes(from)) throw new Error(`skew patch: ${file} no longer contains ${JSON.stringify(from)}`);
      text = text.replace(from, to);
    }
    writeFileSync(join(dir, file), text);
  }
  for (const [file, text] of Object.entries(NEW_FILES)) writeFileSync(join(dir, file), text);
}
