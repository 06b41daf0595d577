import { describe, expect, test } from "@jest/globals";
import { unitSafeArgv } from "./unit-argv.js";

describe("unitSafeArgv", () => {
  test("drops the credentials of --ollama-url (both spellings) only when printing the unit, and says so", () => {
    const r = unitSafeArgv(["node", "bin.js", "--print-systemd-unit", "--ollama-url", "http://u:p4ss@gpu:11434", "--ollama-url=https://u:p4ss@gpu"]);
    expect(r.argv).toEqual(["node", "bin.js", "--print-systemd-unit", "--ollama-url", "http://gpu:11434", "--ollama-url=https://gpu"]);
    expect(r.warning).toMatch(/YGG_OLLAMA_URL/);
    expect(r.warning).not.toContain("p4ss");
    expect(unitSafeArgv(["node", "bin.js", "--ollama-url", "http://u:p4ss@gpu:11434"]).argv).toContain("http://u:p4ss@gpu:11434");
    expect(unitSafeArgv(["node", "bin.js", "--print-systemd-unit", "--ollama-url", "http://gpu:11434"]).warning).toBeUndefined();
  });
});
