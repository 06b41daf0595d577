// Checks an executor's handler list at start-up: a duplicate type, a bad name or timeout, and the
// schema slips schema-check.ts finds fail here. Each params validator is compiled (and ajv loaded) at
// its handler's first request, so an idle executor holds no generated code: compiling them all at
// start-up took 3–5 MB and 0.1–0.2 s of CPU for one executor's handlers.
import type { Ajv, ErrorObject, ValidateFunction } from "ajv";
import { ConfigError } from "../errors.js";
import type { HandlerInfo } from "../protocol.js";
import { createAjv } from "./load-ajv.js";
import { checkSchema } from "./schema-check.js";
import type { HandlerDefinition } from "./types.js";

const TYPE_PATTERN = /^[a-z][a-z0-9-]{0,99}$/;

/** A handler with its params validator (compiled when first read). */
export interface CompiledHandler {
  readonly def: HandlerDefinition;
  readonly validate: ValidateFunction;
}

/** One schema error, its path a JSON pointer into params. */
export interface ParamsError {
  path: string;
  message: string;
}

/** The handlers of one executor, by type. */
export class HandlerRegistry {
  private readonly handlers = new Map<string, CompiledHandler>();
  private ajv?: Ajv;

  constructor(defs: readonly HandlerDefinition[]) {
    const ajv = () => (this.ajv ??= createAjv({ allErrors: true, strict: true, useDefaults: false }, { formats: true }));
    for (const def of defs) {
      const where = `handler "${String(def.type)}"`;
      if (typeof def.type !== "string" || !TYPE_PATTERN.test(def.type)) {
        throw new ConfigError(`${where}: type must be lower-case letters, digits and dashes`);
      }
      if (this.handlers.has(def.type)) throw new ConfigError(`${where} is registered twice`);
      if (typeof def.run !== "function") throw new ConfigError(`${where}: run must be a function`);
      if (!Number.isInteger(def.timeoutSeconds) || def.timeoutSeconds < 1 || def.timeoutSeconds > 86400) {
        throw new ConfigError(`${where}: timeoutSeconds must be an integer from 1 to 86400`);
      }
      if (!def.description?.trim()) throw new ConfigError(`${where}: description is required`);
      const problems = checkSchema(def.paramsSchema);
      if (problems.length > 0) throw new ConfigError(`${where}: invalid params schema: ${problems.join("; ")}`);
      if ((def.paramsSchema as { type?: unknown }).type !== "object") {
        throw new ConfigError(`${where}: params schema must be of type "object"`);
      }
      this.handlers.set(def.type, lazilyCompiled(ajv, def, where));
    }
  }

  /** Compiles every validator now; tests use it to prove each schema compiles under strict mode. */
  compileAll(): void {
    for (const h of this.handlers.values()) void h.validate;
  }

  get(type: string): CompiledHandler | undefined {
    return this.handlers.get(type);
  }

  types(): string[] {
    return [...this.handlers.keys()].sort();
  }

  /** The handler list of GET /status. */
  describe(): HandlerInfo[] {
    return this.types().map((t) => {
      const { def } = this.handlers.get(t)!;
      return { type: t, description: def.description, params_schema: def.paramsSchema as Record<string, unknown>, timeout_seconds: def.timeoutSeconds };
    });
  }
}

function lazilyCompiled(ajv: () => Ajv, def: HandlerDefinition, where: string): CompiledHandler {
  let validate: ValidateFunction | undefined;
  return {
    def,
    get validate() {
      try {
        return (validate ??= ajv().compile(def.paramsSchema));
      } catch (e) {
        // What the start-up check cannot see (e.g. strictTypes); a programmer's mistake, never the caller's.
        throw new ConfigError(`${where}: invalid params schema: ${(e as Error).message}`, { cause: e });
      }
    },
  };
}

/** ajv errors as `{path, message}` with the offending property in the path. */
export function toParamsErrors(errors: readonly ErrorObject[] | null | undefined): ParamsError[] {
  return (errors ?? []).map((e) => {
    let path = e.instancePath;
    if (e.keyword === "additionalProperties") path += `/${escapePointer(String(e.params.additionalProperty))}`;
    if (e.keyword === "required") path += `/${escapePointer(String(e.params.missingProperty))}`;
    const message = e.keyword === "additionalProperties" ? "is not a known param" : (e.message ?? "is invalid");
    return { path: path || "/", message };
  });
}

function escapePointer(s: string): string {
  return s.replace(/~/g, "~0").replace(/\//g, "~1");
}
