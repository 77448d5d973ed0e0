// diff() of a PipecatSecretSet: values and the wait update in place; name and region replace.
import { diffSet, type SetDiff } from "../secret-common/diff";

export function diffSecretSet(olds: Record<string, unknown>, news: Record<string, unknown>): SetDiff {
  return diffSet(olds, news, ["secrets", "readyTimeoutSeconds"]);
}
