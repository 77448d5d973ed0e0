// Read what this stack does not manage, and declare what the organization defaults to:
// one agent in each wanted region that the organization actually has, a secret set that
// someone else manages (with `pcc secrets set`) read by name and bound where it lives,
// and the organization's default region.
//
//   pulumi config set --secret pipecat:apiKey <your private API key>
//   pulumi config set --path 'regions[0]' us-west     (optional: the regions to deploy to)
//   pulumi up
//
// The lookups run when the program does, `pulumi preview` included (they only read).
import * as pulumi from "@pulumi/pulumi";
import { getRegions, getSecretSet, PipecatAgent, PipecatOrganizationSettings } from "pulumi-pipecat-cloud";

export = async () => {
  const config = new pulumi.Config();
  const wanted = config.getObject<string[]>("regions") ?? ["us-west", "eu-central", "ap-northeast"];
  const available = (await getRegions()).map((r) => r.code);
  const regions = wanted.filter((r) => available.includes(r));
  const shared = await getSecretSet({ setName: config.get("sharedSecretSet") ?? "my-agent-secrets" });

  const organization = new PipecatOrganizationSettings("organization", { defaultRegion: config.get("defaultRegion") ?? "eu-central" });

  const agents = regions.map(
    (region) =>
      new PipecatAgent(`bot-${region}`, {
        agentName: `lookups-bot-${region}`,
        region,
        image: config.get("image") ?? "acme/voice-bot:1.4.2",
        // A secret set lives in one region: bind it where it is.
        secretSet: region === shared.region ? shared.setName : undefined,
      }),
  );

  return {
    regions,
    skipped: wanted.filter((r) => !available.includes(r)),
    sharedSecretKeys: shared.keys,
    defaultRegion: organization.defaultRegion,
    ready: pulumi.all(agents.map((a) => a.ready)).apply((all) => all.every(Boolean)),
  };
};
