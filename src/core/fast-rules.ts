// Input rules as plain data, checked without zod. `check` runs on every
// `pulumi preview` in a fresh provider host, where loading zod costs more than
// everything else together; so a resource keeps a hand-written copy of its zod
// input schema here, proven equivalent by a property test (one verdict for
// thousands of random inputs), and loads zod only to explain a rejection.
import { touchesUnknown } from "./unknowns";

export type Rule =
  | { kind: "string"; min?: number; max?: number; patterns?: readonly RegExp[]; test?: (value: string) => boolean }
  | { kind: "int"; min: number; max: number }
  | { kind: "boolean" }
  | { kind: "oneOf"; values: readonly unknown[] }
  | { kind: "object"; shape: Shape }
  | { kind: "array"; items: Rule }
  | { kind: "record"; values: Rule }
  | { kind: "optional"; rule: Rule }
  | { kind: "nullable"; rule: Rule };

export type Shape = Readonly<Record<string, Rule>>;

export const rules = {
  string: (options: Omit<Extract<Rule, { kind: "string" }>, "kind"> = {}): Rule => ({ kind: "string", ...options }),
  int: (min: number, max: number): Rule => ({ kind: "int", min, max }),
  boolean: (): Rule => ({ kind: "boolean" }),
  oneOf: (...values: unknown[]): Rule => ({ kind: "oneOf", values }),
  /** A strict object: unlisted keys are an error, as with `z.strictObject`. */
  object: (shape: Shape): Rule => ({ kind: "object", shape }),
  /** `z.array(items)`. */
  array: (items: Rule): Rule => ({ kind: "array", items }),
  /** `z.record(z.string(), values)`: any keys, each value checked. */
  record: (values: Rule): Rule => ({ kind: "record", values }),
  optional: (rule: Rule): Rule => ({ kind: "optional", rule }),
  nullable: (rule: Rule): Rule => ({ kind: "nullable", rule }),
};

/**
 * True when `value` satisfies `rule` apart from problems at paths that are not
 * known yet (preview): the same verdict as the zod schema's issues after
 * check() drops those touching an unknown. Unlisted keys always count.
 */
export function satisfies(rule: Rule, value: unknown, path = "", unknownPaths: readonly string[] = []): boolean {
  const ok = (valid: boolean) => valid || (path !== "" && touchesUnknown(path, unknownPaths));
  const at = (key: string) => (path ? `${path}.${key}` : key);
  switch (rule.kind) {
    case "optional":
      return value === undefined || satisfies(rule.rule, value, path, unknownPaths);
    case "nullable":
      return value === null || satisfies(rule.rule, value, path, unknownPaths);
    case "string":
      return ok(
        typeof value === "string" &&
          (rule.min === undefined || value.length >= rule.min) &&
          (rule.max === undefined || value.length <= rule.max) &&
          (rule.patterns ?? []).every((p) => p.test(value)) &&
          (rule.test === undefined || rule.test(value)),
      );
    case "int":
      return ok(typeof value === "number" && Number.isSafeInteger(value) && value >= rule.min && value <= rule.max);
    case "boolean":
      return ok(typeof value === "boolean");
    case "oneOf":
      return ok(rule.values.includes(value));
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return ok(false);
      const record = value as Record<string, unknown>;
      if (Object.keys(record).some((k) => !Object.hasOwn(rule.shape, k))) return false;
      return Object.entries(rule.shape).every(([k, r]) => satisfies(r, record[k], at(k), unknownPaths));
    }
    case "array":
      if (!Array.isArray(value)) return ok(false);
      return value.every((item, i) => satisfies(rule.items, item, at(String(i)), unknownPaths));
    case "record":
      if (typeof value !== "object" || value === null || Array.isArray(value)) return ok(false);
      // zod's record skips a "__proto__" key.
      return Object.entries(value).every(([k, v]) => k === "__proto__" || satisfies(rule.values, v, at(k), unknownPaths));
  }
}
