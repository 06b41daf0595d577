// ajv is loaded by the first schema compile, not at import: an idle executor does not hold its ~60
// modules. ajv and ajv-formats ship CommonJS, so loading stays synchronous.
import { createRequire } from "node:module";
import type { Ajv, Options } from "ajv";

const load = createRequire(import.meta.url);

/** A new Ajv instance; with `formats`, the formats of ajv-formats added. */
export function createAjv(options: Options, { formats = false } = {}): Ajv {
  const { Ajv: AjvClass } = load("ajv") as typeof import("ajv");
  const ajv = new AjvClass(options);
  if (formats) (load("ajv-formats") as { default: (a: Ajv) => Ajv }).default(ajv);
  return ajv;
}
