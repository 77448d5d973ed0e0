// The zod-free input rules of PipecatSecretSet, PipecatImagePullSecret and
// PipecatBuild (what their check() runs on every preview) give each zod
// schema's verdict: same keys, and the same accept/reject over many random
// inputs built around every rule's edges, with and without preview's unknowns.
import { describe, expect, it } from "vitest";
import { buildSchemaFailures } from "../../src/build/check";
import { BUILD_INPUT_RULES, buildInputsValid } from "../../src/build/input-rules";
import { buildInputsSchema } from "../../src/build/schema";
import { imagePullSecretSchemaFailures } from "../../src/image-pull-secret/check";
import { IMAGE_PULL_SECRET_INPUT_RULES, imagePullSecretInputsValid } from "../../src/image-pull-secret/input-rules";
import { imagePullSecretInputsSchema } from "../../src/image-pull-secret/schema";
import { secretSetSchemaFailures } from "../../src/secret-set/check";
import { SECRET_SET_INPUT_RULES, secretSetInputsValid } from "../../src/secret-set/input-rules";
import { secretSetInputsSchema } from "../../src/secret-set/schema";
import { intEdges, prng, randomInputs, type InputSpace } from "../helpers/random-inputs";

const a = (n: number) => "a".repeat(n);
const setName = ["my-secrets", "abc", "ab", a(63), a(64), "a.b.c", "a..b", "-ab", "ab-", "AB-secrets", "my_secrets", "a.b-c.d", "", 3];
const region = ["us-west", "eu-central", "a", "-us", "us-", "US-west", "us_west", "", "ap-south-1", 1];
const readyTimeoutSeconds = intEdges(1, 3_600);

interface Kind {
  resource: string;
  space: InputSpace;
  rules: object;
  schemaKeys: string[];
  valid: (known: Record<string, unknown>, unknownPaths: string[]) => boolean;
  schemaFailures: (known: Record<string, unknown>, unknownPaths: string[]) => Promise<unknown[]>;
  /** Hand-picked cases: inputs known, unknown paths, verdict. */
  cases: Array<[string, Record<string, unknown>, string[], boolean]>;
}

const KINDS: Kind[] = [
  {
    resource: "PipecatSecretSet",
    space: {
      candidates: {
        setName,
        region,
        secrets: [{ OPENAI_API_KEY: "sk-1" }, {}, { A: "" }, { A: "x", B: "y" }, { A: 1 }, { A: null }, { A: ["x"] }, { A: {} }, { "bad key": "x" }, [], ["x"], "x"],
        readyTimeoutSeconds,
      },
      required: ["setName", "secrets"],
      extraKeys: ["secret", "setname", "Secrets", "name", "value"],
    },
    rules: SECRET_SET_INPUT_RULES,
    schemaKeys: Object.keys(secretSetInputsSchema.shape),
    valid: secretSetInputsValid,
    schemaFailures: secretSetSchemaFailures,
    cases: [
      ["a minimal set", { setName: "my-secrets", secrets: { A: "x" } }, [], true],
      ["a value not known yet (preview)", { setName: "my-secrets", secrets: {} }, ["secrets.A"], true],
      ["a number as a value", { setName: "my-secrets", secrets: { A: 1, B: "x" } }, ["secrets.B"], false],
      ["a misspelt key beside an unknown", { setName: "my-secrets", secret: { A: "x" } }, ["secrets"], false],
    ],
  },
  {
    resource: "PipecatImagePullSecret",
    space: {
      candidates: {
        setName,
        region,
        host: [
          "https://index.docker.io/v1/", "https://ghcr.io", "http://registry.local:5000", "HTTPS://GHCR.IO", " https://ghcr.io ", "\thttps://ghcr.io\n",
          "ftp://ghcr.io", "ghcr.io", "https:ghcr.io", "https:/ghcr.io", "https://", "https://exa mple.com", "https://[::1]:5000/", "https://a:b@c.io/x?y#z",
          "https://%zz", "https://ghcr.io:99999", "", 1,
        ],
        username: ["robot", "", "user:name", " ", 1],
        password: ["s3cret", "", a(200), 1],
        readyTimeoutSeconds,
      },
      required: ["setName", "username", "password"],
      extraKeys: ["pasword", "user", "hostname", "setname", "registry"],
    },
    rules: IMAGE_PULL_SECRET_INPUT_RULES,
    schemaKeys: Object.keys(imagePullSecretInputsSchema.shape),
    valid: imagePullSecretInputsValid,
    schemaFailures: imagePullSecretSchemaFailures,
    cases: [
      ["Docker Hub", { setName: "reg-creds", host: "https://index.docker.io/v1/", username: "u", password: "p" }, [], true],
      ["a host without a scheme", { setName: "reg-creds", host: "ghcr.io", username: "u", password: "p" }, [], false],
      ["a password not known yet (preview)", { setName: "reg-creds", username: "u" }, ["password"], true],
      ["a missing password", { setName: "reg-creds", username: "u" }, [], false],
    ],
  },
  {
    resource: "PipecatBuild",
    space: {
      candidates: {
        contextDir: ["bot", ".", "bot/sub", "", "/abs/bot", "C:\\bot", "c:/bot", "a/../b", "../bot", "\\\\server\\share", 1],
        contextHash: ["0123456789abcdef", "0123456789ABCDEF", "0123456789abcde", "0123456789abcdef0", "g123456789abcdef", "", 1],
        dockerfile: ["Dockerfile", "docker/Dockerfile.prod", "", "/Dockerfile", "../Dockerfile", "a/../Dockerfile", "a\\..\\Dockerfile", "C:\\Dockerfile", "..", "...", "a..b", 1],
        region,
        exclude: [["*.wav"], [], ["a", "b"], [""], [3], ["a", null], "x", {}],
        buildTimeoutSeconds: intEdges(1, 86_400),
      },
      required: ["contextDir", "contextHash", "dockerfile"],
      extraKeys: ["contextdir", "Dockerfile", "timeout", "excludes", "buildId"],
    },
    rules: BUILD_INPUT_RULES,
    schemaKeys: Object.keys(buildInputsSchema.shape),
    valid: buildInputsValid,
    schemaFailures: buildSchemaFailures,
    cases: [
      ["a minimal build", { contextDir: "bot", contextHash: "0123456789abcdef", dockerfile: "Dockerfile" }, [], true],
      ["an exclude pattern not known yet (preview)", { contextDir: "bot", contextHash: "0123456789abcdef", dockerfile: "Dockerfile", exclude: ["*.wav", undefined] }, ["exclude.1"], true],
      ["a number beside an unknown pattern", { contextDir: "bot", contextHash: "0123456789abcdef", dockerfile: "Dockerfile", exclude: [3, undefined] }, ["exclude.1"], false],
      ["a Dockerfile outside the context", { contextDir: "bot", contextHash: "0123456789abcdef", dockerfile: "../Dockerfile" }, [], false],
    ],
  },
];

describe.each(KINDS)("the zod-free input rules of $resource", (kind) => {
  it("list the schema's inputs, each with candidates here", () => {
    expect(Object.keys(kind.rules)).toEqual(kind.schemaKeys);
    expect(Object.keys(kind.space.candidates)).toEqual(kind.schemaKeys);
  });

  it("give the schema's verdict on 20,000 random inputs (seeded), with and without unknowns", async () => {
    const random = prng(20261129);
    let accepted = 0;
    let withUnknowns = 0;
    for (let i = 0; i < 20_000; i++) {
      const { known, unknownPaths } = randomInputs(random, kind.space);
      const fast = kind.valid(known, unknownPaths);
      const schema = (await kind.schemaFailures(known, unknownPaths)).length === 0;
      if (fast !== schema) expect({ known, unknownPaths, fast }).toEqual({ known, unknownPaths, fast: schema });
      if (fast) accepted++;
      if (unknownPaths.length > 0) withUnknowns++;
    }
    // Both verdicts are common, so neither side of the equivalence goes untested; so are unknowns.
    expect(accepted).toBeGreaterThan(2_000);
    expect(accepted).toBeLessThan(18_000);
    expect(withUnknowns).toBeGreaterThan(1_000);
  });

  it.each(kind.cases)("%s → %s", async (_name, known, unknownPaths, expected) => {
    expect(kind.valid(known, unknownPaths)).toBe(expected);
    expect((await kind.schemaFailures(known, unknownPaths)).length === 0).toBe(expected);
  });
});
