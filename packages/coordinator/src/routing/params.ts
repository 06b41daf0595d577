// Checks a task's params against the schema its executor advertises, before anything is dispatched.
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

const addFormats = addFormatsModule.default;

/** Compiles each advertised schema once (keyed by its JSON text). */
export class ParamsChecker {
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly cache = new Map<string, ValidateFunction>();

  constructor() {
    addFormats(this.ajv);
  }

  /** The schema errors as "path message" lines; empty when the params are valid. */
  check(schema: Record<string, unknown>, params: unknown): string[] {
    const key = JSON.stringify(schema);
    let v = this.cache.get(key);
    if (!v) {
      try {
        v = this.ajv.compile(schema);
      } catch (e) {
        return [`the executor advertises an invalid params schema: ${(e as Error).message}`];
      }
      this.cache.set(key, v);
    }
    if (v(params)) return [];
    return (v.errors ?? []).map((e) => {
      const extra = e.keyword === "additionalProperties" ? `/${String(e.params.additionalProperty)}` : "";
      return `${e.instancePath}${extra || ""} ${e.keyword === "additionalProperties" ? "is not a known param" : e.message}`.trim();
    });
  }
}
