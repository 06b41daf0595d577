// Reads the top-level scalar keys of .beads/config.yaml (json, actor, issue-prefix) — no YAML library.
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Top-level `key: value` pairs; comments, nesting and lists are ignored. */
export function readConfigYaml(beadsDir: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(join(beadsDir, "config.yaml"), "utf8");
  } catch {
    return {}; // a workspace without config.yaml is valid
  }
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const m = /^([A-Za-z0-9_.-]+):\s*(.*?)\s*$/.exec(line);
    if (!m?.[1] || m[2] === undefined || m[2] === "") continue;
    out[m[1]] = m[2].replace(/\s+#.*$/, "").replace(/^(["'])(.*)\1$/, "$2");
  }
  return out;
}
