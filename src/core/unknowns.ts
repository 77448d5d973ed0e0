// During `pulumi preview`, inputs that depend on not-yet-created resources arrive
// as sentinel strings, whatever their declared type, at any depth.

/** The generic sentinel, then the typed ones (bool, number, array, object) the engine may send. */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

export function isUnknown(value: unknown): boolean {
  return typeof value === "string" && UNKNOWN_SENTINELS.has(value);
}

export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** A copy without unknown values, and the dotted paths where they stood. */
export function splitUnknowns(value: Record<string, unknown>): { known: Record<string, unknown>; unknownPaths: string[] } {
  const unknownPaths: string[] = [];
  const strip = (v: unknown, path: string[]): unknown => {
    if (isUnknown(v)) {
      unknownPaths.push(path.join("."));
      return undefined;
    }
    if (Array.isArray(v)) return v.map((item, i) => strip(item, [...path, String(i)]));
    if (v !== null && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v)) {
        const stripped = strip(item, [...path, k]);
        if (stripped !== undefined) out[k] = stripped;
      }
      return out;
    }
    return v;
  };
  return { known: strip(value, []) as Record<string, unknown>, unknownPaths };
}

/** True when `path` lies inside, or contains, one of the unknown paths. */
export function touchesUnknown(path: string, unknownPaths: readonly string[]): boolean {
  return unknownPaths.some((u) => u === path || path.startsWith(u + ".") || u.startsWith(path + "."));
}
