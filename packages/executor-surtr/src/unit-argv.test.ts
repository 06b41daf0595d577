import { describe, expect, test } from "@jest/globals";
import { unitSafeArgv } from "./unit-argv.js";

describe("unitSafeArgv", () => {
  test("leaves --ollama-url (both spellings, every occurrence) out of the unit when one carries credentials, and says so", () => {
    const r = unitSafeArgv(["node", "bin.js", "--print-systemd-unit", "--port", "5002", "--ollama-url", "http://u:p4ss@gpu:11434", "--ollama-url=https://gpu", "--compose-file", "c.yaml"]);
    expect(r.argv).toEqual(["node", "bin.js", "--print-systemd-unit", "--port", "5002", "--compose-file", "c.yaml"]);
    expect(r.warning).toMatch(/YGG_OLLAMA_URL=.*surtr-executor\.env/);
    expect(r.warning).not.toContain("p4ss");
    expect(unitSafeArgv(["node", "bin.js", "--print-systemd-unit", "--ollama-url=http://u:p4ss@gpu"]).argv).toEqual(["node", "bin.js", "--print-systemd-unit"]);
    expect(unitSafeArgv(["node", "bin.js", "--ollama-url", "http://u:p4ss@gpu:11434"]).argv).toContain("http://u:p4ss@gpu:11434");
    const plain = unitSafeArgv(["node", "bin.js", "--print-systemd-unit", "--ollama-url", "http://gpu:11434"]);
    expect(plain).toEqual({ argv: ["node", "bin.js", "--print-systemd-unit", "--ollama-url", "http://gpu:11434"] });
  });
});
