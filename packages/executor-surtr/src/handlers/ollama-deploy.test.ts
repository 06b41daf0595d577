import { afterAll, describe, expect, test } from "@jest/globals";
import { join } from "node:path";
import { cleanupTempDirs, tempDir } from "@yggdrasil/testkit/test-helpers";
import { startSurtr, type Surtr } from "../test-support/fixtures.js";

const started: Surtr[] = [];
const surtr = async (...a: Parameters<typeof startSurtr>) => {
  const s = await startSurtr(...a);
  started.push(s);
  return s;
};
afterAll(async () => {
  await Promise.all(started.map((s) => s.close()));
  cleanupTempDirs();
});
const compose = join(tempDir(), "compose.yaml");

describe("ollama-deploy", () => {
  test("runs docker compose up from an argument array, waits for /api/version, reports the container (JSON Lines ps)", async () => {
    const s = await surtr({ surtr: { composeFile: compose }, docker: { containers: [{ service: "ollama", state: "running", health: "healthy" }] } });
    const r = await s.exec("ollama-deploy", {});
    expect(r.status).toBe("completed");
    expect(r.result).toMatchObject({ compose_file: compose, service: "ollama", version: "0.9.6", container: { service: "ollama", state: "running", health: "healthy", up: true } });
    expect(r.result.seconds_to_ready).toBeGreaterThanOrEqual(0);
    expect(s.docker.calls()).toEqual([
      ["compose", "-f", compose, "up", "-d", "ollama"],
      ["compose", "-f", compose, "ps", "--format", "json", "-a", "ollama"],
    ]);
    expect(r.output).toMatch(/Container surtr-ollama-1 {2}Started/);
  });

  test("reads the older array shape of compose ps; an exited container is reported as it is", async () => {
    const s = await surtr({ surtr: { composeFile: compose }, docker: { psShape: "array", containers: [{ service: "other" }, { service: "ollama", state: "restarting", health: "" }] } });
    const r = await s.exec("ollama-deploy", { wait_seconds: 5 });
    expect(r.status).toBe("completed");
    expect(r.result.container).toMatchObject({ service: "ollama", state: "restarting", up: false });
  });

  test("a deploy that never becomes ready fails at wait_seconds, retryable, with the container state", async () => {
    const s = await surtr({ ollama: false, surtr: { composeFile: compose }, docker: { containers: [{ state: "exited", health: "", exitCode: 1 }] } });
    const t0 = Date.now();
    const r = await s.exec("ollama-deploy", { wait_seconds: 1 });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(r.status).toBe("failed");
    expect(r.error).toMatchObject({ code: "deploy_not_ready", retryable: true });
    expect(r.error.message).toMatch(/did not answer within 1 s.*Exited \(1\)/);
    expect(r.result).toMatchObject({ version: null, seconds_to_ready: null, container: { state: "exited", exit_code: 1 } });
  });

  test("compose up failing: engine down is retryable, docker's words are in the message", async () => {
    const s = await surtr({ surtr: { composeFile: compose }, docker: { daemonDown: true } });
    const r = await s.exec("ollama-deploy", {});
    expect(r.error).toMatchObject({ code: "compose_up_failed", retryable: true });
    expect(r.error.message).toMatch(/Cannot connect to the Docker daemon/);
    s.docker.configure({ up: { exit: 1, stderr: "service \"ollama\" refers to undefined volume data\n" } });
    const bad = await s.exec("ollama-deploy", {});
    expect(bad.error).toMatchObject({ code: "compose_up_failed", retryable: false });
  });

  test("another compose file only if the policy lists it; none configured is a clear failure; service names are checked", async () => {
    const other = join(tempDir(), "other.yaml");
    const s = await surtr({ surtr: { composeFile: compose }, policy: { compose_files: [other] } });
    const denied = await s.exec("ollama-deploy", { compose_file: join(tempDir(), "evil.yaml") });
    expect(denied.error).toMatchObject({ code: "policy_denied", retryable: false });
    const allowed = await s.exec("ollama-deploy", { compose_file: other, service: "llm" });
    expect(allowed.status).toBe("completed");
    expect(s.docker.calls()[0]).toEqual(["compose", "-f", other, "up", "-d", "llm"]);
    const bad = await s.post({ task_id: "deploy-bad", type: "ollama-deploy", params: { service: "-d", compose_file: "--help" } });
    expect(bad.body.error.details.errors.map((e: { path: string }) => e.path).sort()).toEqual(["/compose_file", "/service"]);
    const none = await surtr({});
    const missing = await none.exec("ollama-deploy", {});
    expect(missing.error).toMatchObject({ code: "compose_file_missing", retryable: false });
    expect(none.docker.calls()).toEqual([]);
  });
});
