// The simulator's switch for an uncertain API behaviour: does an update's `null`
// reset a field, or is it ignored (as the official clients' null-stripping
// suggests the real API might)?
import { describe, expect, it } from "vitest";
import { DEFAULT_TIMINGS } from "../../src/simulator/catalog";
import { SimulatorStore } from "../../src/simulator/store";
import { parseCreateAgent, parseUpdateAgent } from "../../src/simulator/validation";

function store(ignoreNullsOnUpdate: boolean) {
  const s = new SimulatorStore({
    now: () => 0, timings: DEFAULT_TIMINGS, defaultRegion: "us-west", builds: [],
    secretSets: [{ name: "bot-secrets" }, { name: "creds", type: "imagePullSecret" }],
    behaviour: { ignoreNullsOnUpdate },
  });
  s.createAgent(parseCreateAgent({
    serviceName: "bot", image: "acme/bot:1", secretSet: "bot-secrets", imagePullSecretSet: "creds",
    maxSessionDuration: 600, autoScaling: { minAgents: 1, maxAgents: 4 }, krispViva: { audioFilter: "tel" },
  }));
  return s;
}

const NULLS = { secretSet: null, imagePullSecretSet: null, maxSessionDuration: null, autoScaling: { minAgents: null, maxAgents: 4 }, krispViva: { audioFilter: null } };

describe("update with nulls", () => {
  it("by default resets each field to its default", () => {
    const s = store(false);
    s.updateAgent("bot", parseUpdateAgent(NULLS));
    expect(s.agentSnapshots()[0]!.config).toMatchObject({ secretSet: null, imagePullSecretSet: null, maxSessionDuration: null, autoScaling: { minAgents: 0, maxAgents: 4 }, krispViva: { audioFilter: null } });
  });

  it("with ignoreNullsOnUpdate keeps them, except the documented krispViva.audioFilter: null", () => {
    const s = store(true);
    s.updateAgent("bot", parseUpdateAgent(NULLS));
    expect(s.agentSnapshots()[0]!.config).toMatchObject({ secretSet: "bot-secrets", imagePullSecretSet: "creds", maxSessionDuration: 600, autoScaling: { minAgents: 1, maxAgents: 4 }, krispViva: { audioFilter: null } });
  });

  it("switches at run time, rejects unknown switches, and reset restores the start-up value", () => {
    const s = store(false);
    expect(s.setBehaviour({ ignoreNullsOnUpdate: true })).toEqual({ ignoreNullsOnUpdate: true, omitOptionalFields: false, rejectNullSecretSets: false });
    expect(() => s.setBehaviour({ nope: true } as never)).toThrow(/unknown simulator behaviour 'nope'/);
    expect(() => s.setBehaviour({ ignoreNullsOnUpdate: "yes" } as never)).toThrow(/must be true or false/);
    s.reset();
    expect(s.behaviour).toEqual({ ignoreNullsOnUpdate: false, omitOptionalFields: false, rejectNullSecretSets: false });
  });
});
