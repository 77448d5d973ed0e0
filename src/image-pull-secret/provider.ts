// The resource methods of PipecatImagePullSecret. Upstream never returns the
// host or the credential, and answers a GET by name with 400: it is read
// through the list of sets.
import type * as pulumi from "@pulumi/pulumi";
import { ApiError } from "../client/errors/ApiError";
import { jsonSafe } from "../core/json";
import type { SecretsApi } from "../secret-common/api";
import { knownSet } from "../secret-common/wait-for-ready";
import { SecretSetProviderBase } from "../secret-common/provider-base";
import { checkImagePullSecretInputs } from "./check";
import { diffImagePullSecret } from "./diff";
import { credentialChanged, inputsFromState, toOutputs, toPutBody, type ImagePullSecretInputs, type ImagePullSecretOutputs } from "./mapping";

type Props = Record<string, unknown>;

export class PipecatImagePullSecretProvider extends SecretSetProviderBase implements pulumi.dynamic.ResourceProvider {
  async check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    return checkImagePullSecretInputs(news);
  }

  async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    const { changes, replaces, deleteBeforeReplace } = diffImagePullSecret(olds, news);
    return { changes, replaces, deleteBeforeReplace };
  }

  async create(props: Props): Promise<pulumi.dynamic.CreateResult> {
    const inputs = inputsFromState(props);
    const api = await this.api();
    await this.refuseExisting(api, inputs.setName, inputs.region, "PipecatImagePullSecret");
    const answer = await api.putSet(inputs.setName, toPutBody(inputs));
    const outs = await this.ready(api, inputs, answer.region ?? inputs.region ?? "", props.__provider);
    return { id: inputs.setName, outs };
  }

  async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const found = await (await this.api()).findSet(id, "imagePullSecret");
    if (found === null) return {}; // gone: refresh drops it from state
    const previous = inputsFromState({ setName: id, ...props });
    const live = knownSet(found, String(props.region ?? previous.region ?? ""));
    const inputs = { ...previous, region: previous.region === undefined ? undefined : live.region };
    return { id, props: toOutputs(inputs, live) as unknown as Props, inputs: jsonSafe(inputs) as unknown as Props };
  }

  async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    const inputs = inputsFromState(news);
    const api = await this.api();
    if (credentialChanged(inputsFromState(olds), inputs)) {
      try {
        await api.putSet(id, toPutBody(inputs)); // an update re-sends host and credential, as the API requires
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
          error.message += ". The image pull secret no longer exists in Pipecat Cloud: run `pulumi refresh` to drop it from the stack, then `pulumi up` to create it again";
        }
        throw error;
      }
    }
    return { outs: await this.ready(api, inputs, String(olds.region ?? ""), news.__provider) };
  }

  private async ready(api: SecretsApi, inputs: ImagePullSecretInputs, region: string, provider: unknown): Promise<ImagePullSecretOutputs> {
    const failed = (status: string) => ({ ...toOutputs(inputs, { region, status }), __provider: provider });
    const live = await this.settle(inputs.setName, region, inputs.readyTimeoutSeconds, () => api.findSet(inputs.setName, "imagePullSecret"), failed);
    return toOutputs(inputs, live);
  }
}
