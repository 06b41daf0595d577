// Reads a recorded response body kept in the package's recorded/ folder (same path from src/ and dist/).
import { readFileSync } from "node:fs";

/** The parsed JSON of recorded/<service>/<file>. */
export function recordedJson<T = unknown>(service: string, file: string): T {
  return JSON.parse(readFileSync(new URL(`../../recorded/${service}/${file}`, import.meta.url), "utf8")) as T;
}
