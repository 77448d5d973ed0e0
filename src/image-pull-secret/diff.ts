// diff() of a PipecatImagePullSecret: credentials and the wait update in place; name and region replace.
import { diffSet, type SetDiff } from "../secret-common/diff";

export function diffImagePullSecret(olds: Record<string, unknown>, news: Record<string, unknown>): SetDiff {
  return diffSet(olds, news, ["host", "username", "password", "readyTimeoutSeconds"]);
}
