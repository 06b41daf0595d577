// The fake docker is a real executable: compose up / ps answer as Compose does, in both ps shapes.
import { afterAll, describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import { pathWith, writeFakeDocker } from "./index.js";

const run = (binDir: string, args: string[]) => spawnSync("docker", args, { env: { ...process.env, PATH: pathWith(binDir) }, encoding: "utf8" });

const made: Array<{ remove(): void }> = [];
const keep = <T extends { remove(): void }>(f: T): T => (made.push(f), f);
afterAll(() => made.forEach((f) => f.remove()));

describe("fake docker", () => {
  test("compose up succeeds with progress on stderr; ps prints JSON Lines, then an array", () => {
    const fake = keep(writeFakeDocker({ containers: [{ service: "ollama", state: "running", health: "healthy" }] }));
    const up = run(fake.binDir, ["compose", "-f", "/srv/compose.yaml", "up", "-d", "ollama"]);
    expect([up.status, up.stdout]).toEqual([0, ""]);
    expect(up.stderr).toContain("Started");
    const lines = run(fake.binDir, ["compose", "-f", "/srv/compose.yaml", "ps", "--format", "json", "-a", "ollama"]);
    expect(JSON.parse(lines.stdout.trim())).toMatchObject({ Service: "ollama", State: "running", Health: "healthy", Publishers: [{ PublishedPort: 11434 }] });
    fake.configure({ psShape: "array", containers: [{ state: "exited", health: "", exitCode: 137 }] });
    const array = JSON.parse(run(fake.binDir, ["compose", "ps", "--format", "json"]).stdout) as Array<Record<string, unknown>>;
    expect(array).toEqual([expect.objectContaining({ State: "exited", ExitCode: 137, Status: "Exited (137) 2 minutes ago" })]);
    expect(fake.calls()[0]).toEqual(["compose", "-f", "/srv/compose.yaml", "up", "-d", "ollama"]);
    expect(fake.calls()).toHaveLength(3);
  });

  test("without an engine every compose command fails as the real CLI does", () => {
    const fake = keep(writeFakeDocker({ daemonDown: true }));
    const r = run(fake.binDir, ["compose", "up", "-d", "ollama"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Cannot connect to the Docker daemon/);
  });
});
