// `docker compose ps --format json` output in both shapes external-apis.md section 1.2 describes:
// one object per line (Compose >= 2.21.0) or one JSON array (older plugins).

/** The parts of a container a test cares about; the rest gets realistic values. */
export interface FakeContainer {
  service?: string;
  /** created|running|paused|restarting|removing|exited|dead. @default "running" */
  state?: string;
  /** "" (no healthcheck), starting, healthy, unhealthy. @default "healthy" */
  health?: string;
  project?: string;
  image?: string;
  exitCode?: number;
}

/** How the fake prints the list: JSON Lines, an array, or the "no containers" forms. */
export type PsShape = "lines" | "array" | "empty" | "empty-array" | "null";

/** One container as Compose prints it (most values are strings). */
export function psObject(c: FakeContainer = {}) {
  const service = c.service ?? "ollama";
  const project = c.project ?? "surtr";
  const state = c.state ?? "running";
  const health = c.health ?? "healthy";
  const status = state === "running" ? `Up 3 minutes${health ? ` (${health})` : ""}` : `Exited (${c.exitCode ?? 1}) 2 minutes ago`;
  return {
    Command: '"/bin/ollama serve"',
    CreatedAt: "2025-05-02 10:00:00 +0000 UTC",
    ExitCode: state === "running" ? 0 : (c.exitCode ?? 1),
    Health: health,
    ID: "3f1d2c4b5a6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708",
    Image: c.image ?? "ollama/ollama:0.9.6",
    Labels: `com.docker.compose.project=${project},com.docker.compose.service=${service}`,
    LocalVolumes: "1",
    Mounts: "surtr_ollama_data",
    Name: `${project}-${service}-1`,
    Names: `${project}-${service}-1`,
    Networks: `${project}_default`,
    Ports: "0.0.0.0:11434->11434/tcp, [::]:11434->11434/tcp",
    Project: project,
    Publishers: [{ URL: "0.0.0.0", TargetPort: 11434, PublishedPort: 11434, Protocol: "tcp" }],
    RunningFor: "3 minutes ago",
    Service: service,
    Size: "0B",
    State: state,
    Status: status,
  };
}

/** The text `docker compose ps --format json` prints for these containers in this shape. */
export function psOutput(containers: FakeContainer[], shape: PsShape = "lines"): string {
  switch (shape) {
    case "lines":
      return containers.map((c) => `${JSON.stringify(psObject(c))}\n`).join("");
    case "array":
      return `${JSON.stringify(containers.map(psObject))}\n`;
    case "empty":
      return "";
    case "empty-array":
      return "[]\n";
    case "null":
      return "null\n";
  }
}
