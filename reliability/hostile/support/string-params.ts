// Finds every string param of a handler from its advertised params_schema, so a param added
// tomorrow is fuzzed without anyone touching these tests.
type Schema = Record<string, any>;

/** A place for a string inside params: how to put a value there, starting from a valid base. */
export interface StringSlot {
  /** JSON-pointer-like path, e.g. /checks/0/name. */
  path: string;
  /** A copy of `base` with `value` at this slot. */
  with(value: string): Record<string, unknown>;
}

/**
 * Every string slot reachable from `base`: each property the schema declares (present in the
 * base or not), array items (the base's first item, else a new one), the `oneOf`/`anyOf`
 * branch that matches the base, and free-form objects (a key "x").
 */
export function stringSlots(schema: Schema, base: Record<string, unknown>): StringSlot[] {
  const slots: StringSlot[] = [];
  walk(schema, base, [], slots, base);
  return slots;
}

function walk(schema: Schema, value: unknown, path: Array<string | number>, out: StringSlot[], root: Record<string, unknown>): void {
  if (!schema || typeof schema !== "object") return;
  const types = ([] as string[]).concat(schema.type ?? []);
  if (types.includes("string") || (schema.enum ?? []).some((e: unknown) => typeof e === "string")) {
    out.push(slot(root, path));
  }
  for (const branch of [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) {
    // A branch whose `const`s contradict the base (another `kind`) is not where this value lives.
    const consts = Object.entries(branch.properties ?? {}).filter(([, s]: [string, any]) => s && typeof s === "object" && "const" in s);
    const fits = consts.every(([k, s]: [string, any]) => (value as Record<string, unknown> | undefined)?.[k] === s.const);
    if (fits && (branch.type === "string" || consts.length > 0)) walk({ ...branch, oneOf: undefined, anyOf: undefined }, value, path, out, root);
  }
  if (types.includes("object") && !types.includes("string")) {
    const obj = (value && typeof value === "object" && !Array.isArray(value) ? value : {}) as Record<string, unknown>;
    const props = schema.properties ?? {};
    for (const [k, s] of Object.entries(props)) walk(s as Schema, obj[k], [...path, k], out, root);
    if (Object.keys(props).length === 0 && schema.additionalProperties !== false) {
      const extra = typeof schema.additionalProperties === "object" ? schema.additionalProperties : { type: "string" };
      walk(extra, obj.x, [...path, "x"], out, root);
    }
  }
  if (types.includes("array") && schema.items && typeof schema.items === "object") {
    walk(schema.items, Array.isArray(value) ? value[0] : undefined, [...path, 0], out, root);
  }
}

function slot(root: Record<string, unknown>, path: Array<string | number>): StringSlot {
  return {
    path: `/${path.join("/")}`,
    with(v) {
      const copy = structuredClone(root);
      let at: any = copy;
      path.forEach((k, i) => {
        if (i === path.length - 1) return void (at[k] = v);
        at[k] ??= typeof path[i + 1] === "number" ? [] : {};
        at = at[k];
      });
      return copy;
    },
  };
}
