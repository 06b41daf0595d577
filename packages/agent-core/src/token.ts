// The executor's bearer token: given, read from a file, or generated once into the state dir.
import { randomBytes } from "node:crypto";
import { closeSync, openSync, readFileSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "./errors.js";

export interface ResolvedToken {
  token: string;
  /** Where it came from, for the start-up message (never the value). */
  source: "value" | "file" | "generated" | "state-file";
  file?: string;
  /** A warning for the operator, e.g. a token file others can read. */
  warning?: string;
}

/** An executor never runs open: with no token configured it creates `<stateDir>/token` (0600). */
export function resolveToken(o: { token?: string; tokenFile?: string; stateDir: string }): ResolvedToken {
  if (o.token !== undefined) {
    if (o.token.trim().length < 16) throw new ConfigError("YGG_TOKEN must be at least 16 characters");
    return { token: o.token.trim(), source: "value" };
  }
  if (o.tokenFile) return { ...readTokenFile(o.tokenFile), source: "file" };
  const file = join(o.stateDir, "token");
  try {
    return { ...readTokenFile(file), source: "state-file" };
  } catch (e) {
    if ((e as { cause?: NodeJS.ErrnoException }).cause?.code !== "ENOENT") throw e;
  }
  const token = randomBytes(32).toString("hex");
  const fd = openSync(file, "wx", 0o600); // never overwrite a token another process just wrote
  try {
    writeSync(fd, `${token}\n`);
  } finally {
    closeSync(fd);
  }
  return { token, source: "generated", file };
}

function readTokenFile(file: string): { token: string; file: string; warning?: string } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError(`cannot read token file ${file}: ${(e as Error).message}`, { cause: e });
  }
  const token = text.trim();
  if (token.length < 16) throw new ConfigError(`token file ${file} must hold a token of at least 16 characters`);
  const mode = statSync(file).mode & 0o077;
  const warning = mode ? `token file ${file} is readable by other users; chmod 600 it` : undefined;
  return { token, file, warning };
}
