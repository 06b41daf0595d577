// Where the recorded bd output lives inside this package (fixtures/bd), from src/ and dist/ alike.
import { fileURLToPath } from "node:url";

/** The directory of recorded `bd` output that the emulator and the client's replay tests are checked against. */
export function bdFixturesDir(): string {
  return fileURLToPath(new URL("../fixtures/bd/", import.meta.url)).replace(/\/$/, "");
}
