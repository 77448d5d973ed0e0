// pulumi-pipecat-cloud: declare Pipecat Cloud voice agents in a Pulumi program.
export {
  PipecatAgent,
  type PipecatAgentArgs,
  type AutoScalingArgs,
  type KrispVivaArgs,
  type AgentProfile,
  type KrispVivaAudioFilter,
  type DeploymentInfo,
  type RevisionInfo,
  type RevisionHealth,
} from "./agent/resource";
export { PipecatSecretSet, type PipecatSecretSetArgs } from "./secret-set/resource";
export { PipecatImagePullSecret, type PipecatImagePullSecretArgs } from "./image-pull-secret/resource";
export { PipecatError, isPipecatError } from "./client/errors/PipecatError";
export { ApiError } from "./client/errors/ApiError";
export { NetworkError } from "./client/errors/NetworkError";
export { TimeoutError } from "./client/errors/TimeoutError";
export { ResponseValidationError } from "./client/errors/ResponseValidationError";
export { ConfigError } from "./client/errors/ConfigError";
export { DeploymentFailedError } from "./client/errors/DeploymentFailedError";
export { ReadyTimeoutError } from "./client/errors/ReadyTimeoutError";
export { SecretSetNotReadyError } from "./client/errors/SecretSetNotReadyError";
