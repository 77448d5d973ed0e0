// What a change to each input of the two secret set kinds does, one row per input
// (an in-place update, a replacement, nothing), through the providers' own diff();
// and the content hash the agent redeploys on, for each thing it must notice.
import { describe, expect, it } from "vitest";
import { PipecatImagePullSecretProvider } from "../../src/image-pull-secret/provider";
import { credentialChanged, inputsFromState as pullInputs, toOutputs as pullOutputs } from "../../src/image-pull-secret/mapping";
import { contentHash } from "../../src/secret-common/hash";
import { PipecatSecretSetProvider } from "../../src/secret-set/provider";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const update = { changes: true, replaces: [], deleteBeforeReplace: false };
const none = { changes: false, replaces: [], deleteBeforeReplace: false };
const rename = { changes: true, replaces: ["setName"], deleteBeforeReplace: false };
/** Names are unique: the old set must go before one of the same name is made elsewhere. */
const replaceInPlace = (field: string) => ({ changes: true, replaces: [field], deleteBeforeReplace: true });

describe("PipecatSecretSet diff", () => {
  const provider = new PipecatSecretSetProvider({ env: {} });
  // Stored outputs: `region` is the live one, the program never named it.
  const olds = { setName: "bot-secrets", region: "us-west", requestedRegion: null, secrets: { A: "1", B: "2" }, readyTimeoutSeconds: 300 };
  const news = { setName: "bot-secrets", secrets: { A: "1", B: "2" }, readyTimeoutSeconds: 300 };
  it.each<[string, Record<string, unknown>, object]>([
    ["nothing", {}, none],
    ["a value", { secrets: { A: "1", B: "3" } }, update],
    ["a key added", { secrets: { A: "1", B: "2", C: "3" } }, update],
    ["a key removed", { secrets: { A: "1" } }, update],
    ["a value not known yet (preview)", { secrets: { A: "1", B: UNKNOWN } }, update],
    ["the wait", { readyTimeoutSeconds: 600 }, update],
    ["the region pinned to the live one", { region: "us-west" }, none],
    ["the region set to null", { region: null }, none],
    ["another region", { region: "eu-central" }, replaceInPlace("region")],
    ["a region not known yet (preview)", { region: UNKNOWN }, replaceInPlace("region")],
    ["the name", { setName: "bot-secrets-2" }, rename],
    ["a name not known yet (preview): may be the same name", { setName: UNKNOWN }, replaceInPlace("setName")],
  ])("%s", async (_name, change, expected) => {
    expect(await provider.diff("bot-secrets", olds, { ...news, ...change })).toEqual(expected);
  });
});

describe("PipecatImagePullSecret diff", () => {
  const provider = new PipecatImagePullSecretProvider({ env: {} });
  const olds = { setName: "registry", region: "us-west", requestedRegion: null, host: "https://ghcr.io", username: "bot", password: "t1", readyTimeoutSeconds: 300 };
  const news = { setName: "registry", host: "https://ghcr.io", username: "bot", password: "t1", readyTimeoutSeconds: 300 };
  it.each<[string, Record<string, unknown>, object]>([
    ["nothing", {}, none],
    ["the host", { host: "https://registry.gitlab.com" }, update],
    ["the username", { username: "robot" }, update],
    ["the password", { password: "t2" }, update],
    ["a password not known yet (preview)", { password: UNKNOWN }, update],
    ["the wait", { readyTimeoutSeconds: 60 }, update],
    ["another region", { region: "eu-central" }, replaceInPlace("region")],
    ["the name", { setName: "registry-2" }, rename],
  ])("%s", async (_name, change, expected) => {
    expect(await provider.diff("registry", olds, { ...news, ...change })).toEqual(expected);
  });
});

describe("an image pull secret's credential, as the API holds it", () => {
  const base = pullInputs({ setName: "registry", host: "https://ghcr.io", username: "bot", password: "t1" });
  const hash = (inputs: typeof base) => pullOutputs(inputs, { region: "us-west", status: "ready" }).contentHash;
  it.each([
    ["host", { host: "https://registry.gitlab.com" }, true],
    ["username", { username: "robot" }, true],
    ["password", { password: "t2" }, true],
    ["the wait only", { readyTimeoutSeconds: 60 }, false],
    ["the region only", { region: "eu-central" }, false],
  ] as Array<[string, Partial<typeof base>, boolean]>)("%s changed → sent again, and the hash the agent redeploys on changes: %s", (_name, change, changed) => {
    const next = { ...base, ...change };
    expect(credentialChanged(base, next)).toBe(changed);
    expect(hash(next) !== hash(base)).toBe(changed);
  });
});

describe("contentHash tells apart what plain concatenation would not", () => {
  it.each([
    ["key/value boundary", contentHash("s", { AB: "1" }), contentHash("s", { A: "B1" })],
    ["between entries", contentHash("s", { A: "1", B: "2" }), contentHash("s", { A: "1B2" })],
    ["set name/key boundary", contentHash("ab", { C: "1" }), contentHash("a", { bC: "1" })],
    ["an empty value and no key", contentHash("s", { A: "1", B: "" }), contentHash("s", { A: "1" })],
  ])("%s", (_name, one, other) => {
    expect(one).not.toBe(other);
  });
});
