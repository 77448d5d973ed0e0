// Variants of a spec example for the leniency tables (response-schema*.test.ts): every field
// of an answer, nested ones too, left out or set to null, one at a time.

/** Every path to an object field of `value`, nested ones too (array items are not fields: only their fields are). */
export function paths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== "object") return [];
  const inArray = Array.isArray(value);
  return Object.entries(value).flatMap(([k, v]) => [...(inArray ? [] : [[...prefix, k]]), ...paths(v, [...prefix, k])]);
}

/** A copy of `value` with the field at `at` left out or set to null. */
export function variant(value: unknown, at: readonly string[], replacement: "absent" | null): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  let parent: Record<string, unknown> = copy;
  for (const key of at.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  const last = at.at(-1)!;
  if (replacement === "absent") {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = null;
  return copy;
}

/** The table rows for `example`: each field's path, absent and null. */
export function variantRows(example: unknown): Array<readonly [string, "absent" | null, string[]]> {
  return paths(example).flatMap((p) => [[p.join("."), "absent", p] as const, [p.join("."), null, p] as const]);
}
