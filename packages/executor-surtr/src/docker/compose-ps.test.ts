import { describe, expect, test } from "@jest/globals";
import { psOutput } from "@yggdrasil/testkit/fakes/docker";
import { containerOf, parseComposePs } from "./compose-ps.js";

describe("parseComposePs", () => {
  test("JSON Lines (Compose >= 2.21) and an array (older) give the same containers", () => {
    const containers = [{ service: "ollama" }, { service: "webui", state: "exited", health: "" }];
    const lines = parseComposePs(psOutput(containers, "lines"));
    expect(parseComposePs(psOutput(containers, "array"))).toEqual(lines);
    expect(lines).toEqual([
      { name: "surtr-ollama-1", service: "ollama", state: "running", health: "healthy", status: "Up 3 minutes (healthy)", image: "ollama/ollama:0.9.6", exit_code: 0, up: true },
      expect.objectContaining({ service: "webui", state: "exited", up: false, exit_code: 1 }),
    ]);
  });

  test("empty output, [] and null all mean no containers", () => {
    for (const shape of ["empty", "empty-array", "null"] as const) expect(parseComposePs(psOutput([{}], shape))).toEqual([]);
  });

  test("running with no healthcheck is up; starting or unhealthy is not", () => {
    const states = parseComposePs(psOutput([{ health: "" }, { health: "starting" }, { health: "unhealthy" }]));
    expect(states.map((c) => c.up)).toEqual([true, false, false]);
  });

  test("containerOf picks the service, or the only container, else null", () => {
    const two = parseComposePs(psOutput([{ service: "a" }, { service: "b" }]));
    expect(containerOf(two, "b")?.service).toBe("b");
    expect(containerOf(two, "c")).toBeNull();
    expect(containerOf(parseComposePs(psOutput([{ service: "a" }])), "c")?.service).toBe("a");
  });

  test("a line that is not JSON throws, quoting it", () => {
    expect(() => parseComposePs("WARN[0000] something\n")).toThrow(/not JSON: WARN/);
  });
});
