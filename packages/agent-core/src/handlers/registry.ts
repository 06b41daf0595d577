// Compiles an executor's handler list at start-up: a duplicate type or a bad schema fails here,
// never at the first request.
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { ConfigError } from "../errors.js";
import type { HandlerInfo } from "../protocol.js";
import type { HandlerDefinition } from "./types.js";

const addFormats = addFormatsModule.default;
const TYPE_PATTERN = /^[a-z][a-z0-9-]{0,99}$/;

/** A handler with its params validator. */
export interface CompiledHandler {
  def: HandlerDefinition;
  validate: ValidateFunction;
}

/** One schema error, its path a JSON pointer into params. */
export interface ParamsError {
  path: string;
  message: string;
}

/** The handlers of one executor, by type. */
export class HandlerRegistry {
  private readonly handlers = new Map<string, CompiledHandler>();

  constructor(defs: readonly HandlerDefinition[]) {
    const ajv = new Ajv({ allErrors: true, strict: true, useDefaults: false });
    addFormats(ajv);
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
      let validate: ValidateFunction;
      try {
        validate = ajv.compile(def.paramsSchema);
      } catch (e) {
        throw new ConfigError(`${where}: invalid params schema: ${(e as Error).message}`, { cause: e });
      }
      if ((def.paramsSchema as { type?: unknown }).type !== "object") {
        throw new ConfigError(`${where}: params schema must be of type "object"`);
      }
      this.handlers.set(def.type, { def, validate });
    }
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
