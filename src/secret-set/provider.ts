// The resource methods of PipecatSecretSet, loaded by the serialized shim by package name.
import type * as pulumi from "@pulumi/pulumi";
import { ApiError } from "../client/errors/ApiError";
import { jsonSafe } from "../core/json";
import type { SecretsApi } from "../secret-common/api";
import { knownSet } from "../secret-common/wait-for-ready";
import { SecretSetProviderBase } from "../secret-common/provider-base";
import { checkSecretSetInputs } from "./check";
import { diffSecretSet } from "./diff";
import { inputsFromLive, inputsFromState, liveKeys, planUpdate, toOutputs, toPutBody, type SecretSetInputs, type SecretSetOutputs } from "./mapping";

type Props = Record<string, unknown>;

export class PipecatSecretSetProvider extends SecretSetProviderBase implements pulumi.dynamic.ResourceProvider {
  async check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    return checkSecretSetInputs(news);
  }

  async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    const { changes, replaces, deleteBeforeReplace } = diffSecretSet(olds, news);
    return { changes, replaces, deleteBeforeReplace };
  }

  async create(props: Props): Promise<pulumi.dynamic.CreateResult> {
    const inputs = inputsFromState(props);
    const api = await this.api();
    await this.refuseExisting(api, inputs.setName, inputs.region, "PipecatSecretSet");
    const answer = await api.putSet(inputs.setName, toPutBody(inputs, inputs.secrets));
    // From here on the set exists: failures must carry its id, or it is orphaned.
    const outs = await this.converge(api, inputs, answer.region ?? inputs.region ?? "", props.__provider);
    return { id: inputs.setName, outs };
  }

  async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const found = await (await this.api()).getSet(id);
    if (found === null) return {}; // gone: refresh drops it from state
    const previous = inputsFromState({ setName: id, ...props });
    // What the answer leaves out stays as stored: the region, and the keys if it lists none.
    const live = knownSet(found, String(props.region ?? previous.region ?? ""));
    const keys = liveKeys(live) ?? Object.keys(previous.secrets);
    const inputs = inputsFromLive(previous, { region: live.region, keys });
    const outs = toOutputs(inputs, { region: live.region, status: live.status, keys });
    return { id, props: outs as unknown as Props, inputs: jsonSafe(inputs) as unknown as Props };
  }

  async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    const previous = inputsFromState(olds);
    const inputs = inputsFromState(news);
    const api = await this.api();
    const { put, remove } = planUpdate(previous.secrets, inputs.secrets);
    try {
      if (Object.keys(put).length > 0) await api.putSet(id, toPutBody(inputs, put));
      for (const key of remove) await api.deleteKey(id, key); // already gone is fine
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        error.message += ". The secret set no longer exists in Pipecat Cloud: run `pulumi refresh` to drop it from the stack, then `pulumi up` to create it again";
      }
      throw error;
    }
    return { outs: await this.converge(api, inputs, String(olds.region ?? ""), news.__provider) };
  }

  /**
   * Waits until ready, then makes the live keys exactly the program's: a PUT that
   * replaced the set instead of merging into it, or keys changed out of band
   * since the last refresh, are put right here (at most once each way).
   */
  private async converge(api: SecretsApi, inputs: SecretSetInputs, region: string, provider: unknown): Promise<SecretSetOutputs> {
    const failed = (status: string) => ({ ...toOutputs(inputs, { region, status, keys: Object.keys(inputs.secrets) }), __provider: provider });
    const ready = () => this.settle(inputs.setName, region, inputs.readyTimeoutSeconds, () => api.getSet(inputs.setName), failed);
    let live = await ready();
    const wanted = Object.keys(inputs.secrets);
    // A set that does not list its keys cannot be judged: nothing to put right.
    const listed = liveKeys(live) ?? wanted;
    const missing = wanted.filter((k) => !listed.includes(k));
    const extra = listed.filter((k) => !wanted.includes(k));
    // Whole set: if the API replaces rather than merges, a partial PUT would drop the rest again.
    if (missing.length > 0) await api.putSet(inputs.setName, toPutBody(inputs, inputs.secrets));
    for (const key of extra) await api.deleteKey(inputs.setName, key);
    if (missing.length > 0 || extra.length > 0) live = await ready();
    return toOutputs(inputs, { region: live.region, status: live.status, keys: liveKeys(live) ?? wanted });
  }
}

