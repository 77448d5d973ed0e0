// Random resource inputs for the property tests that prove a kind's zod-free
// input rules give its zod schema's verdict: values around every rule's edges,
// junk, misspelt keys, and preview's unknowns at any depth.
import { splitUnknowns, UNKNOWN_SENTINELS } from "../../src/core/unknowns";

/** mulberry32: a seeded generator, so a failure can be reproduced. */
export function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Whole-number candidates: both bounds, one past each, the middle, a fraction, -0, past safe integers, a string. */
export const intEdges = (min: number, max: number): unknown[] => [min, max, min - 1, max + 1, Math.round((min + max) / 2), min + 0.5, -0, 2 ** 53, String(min)];
export const JUNK: unknown[] = [null, 0, 1.5, -1, "", "x", true, [], ["a"], {}, { a: 1 }];
const UNKNOWN = [...UNKNOWN_SENTINELS][0]!;

export interface InputSpace {
  /** Per input, values around its rule's edges; the first one is valid. */
  candidates: Record<string, readonly unknown[]>;
  /** Inputs always given (possibly unknown). */
  required: readonly string[];
  /** Misspelt or foreign input names. */
  extraKeys: readonly string[];
}

/** One random input set, as check() splits it: the known part and where unknowns stood. */
export function randomInputs(random: () => number, space: InputSpace): { known: Record<string, unknown>; unknownPaths: string[] } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const given: Record<string, unknown> = {};
  for (const [key, candidates] of Object.entries(space.candidates)) {
    const roll = random();
    if (!space.required.includes(key) && roll < 0.45) continue; // absent
    if (roll > 0.97) {
      given[key] = UNKNOWN; // preview: not known yet
      continue;
    }
    // Mostly the first candidate (a valid one), so that whole inputs are often valid; else any edge, or junk.
    const r = random();
    let value = r < 0.8 ? candidates[0] : r < 0.97 ? pick(candidates) : pick(JUNK);
    if (value !== null && typeof value === "object" && random() < 0.2) value = withUnknownInside(value, pick);
    given[key] = value;
  }
  if (random() < 0.05) given[pick(space.extraKeys)] = pick(JUNK);
  return splitUnknowns(given);
}

/** A copy with one item or field (existing or not) unknown. */
function withUnknownInside(value: object, pick: <T>(xs: readonly T[]) => T): unknown {
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[copy.length === 0 ? 0 : pick(copy.map((_, i) => i))] = UNKNOWN;
    return copy;
  }
  return { ...value, [pick([...Object.keys(value), "NEW_FIELD"])]: UNKNOWN };
}
