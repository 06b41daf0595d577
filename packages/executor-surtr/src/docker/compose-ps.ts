// Parses `docker compose ps --format json` in both shapes: one JSON array (Compose < 2.21.0) or one
// object per line (2.21.0 and later). Empty output, `[]` and `null` all mean "no containers".

/** The container state ollama-deploy reports. */
export interface ContainerState {
  name: string | null;
  service: string | null;
  state: string | null;
  health: string | null;
  status: string | null;
  image: string | null;
  exit_code: number | null;
  /** State is running and health is none or healthy. */
  up: boolean;
}

/** Every container listed, in order; a line that is not JSON throws, quoting it. */
export function parseComposePs(stdout: string): ContainerState[] {
  const text = stdout.trim();
  if (text === "" || text === "null") return [];
  const items: unknown[] = text.startsWith("[") ? (JSON.parse(text) as unknown[]) : text.split(/\r?\n/).filter((l) => l.trim()).map(parseLine);
  return items.filter((x): x is Record<string, unknown> => x !== null && typeof x === "object").map(toState);
}

/** The container of `service`, else the only one listed, else null. */
export function containerOf(containers: readonly ContainerState[], service: string): ContainerState | null {
  return containers.find((c) => c.service === service) ?? (containers.length === 1 ? containers[0]! : null);
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`docker compose ps printed a line that is not JSON: ${line.slice(0, 200)}`);
  }
}

function toState(o: Record<string, unknown>): ContainerState {
  const s = (k: string) => (typeof o[k] === "string" ? (o[k] as string) : null);
  const state = s("State");
  const health = s("Health");
  return {
    name: s("Name"),
    service: s("Service"),
    state,
    health,
    status: s("Status"),
    image: s("Image"),
    exit_code: typeof o.ExitCode === "number" ? o.ExitCode : null,
    up: state === "running" && (health === null || health === "" || health === "healthy"),
  };
}
