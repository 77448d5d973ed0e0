// pulumi-pipecat-cloud: declare Pipecat Cloud voice agents in a Pulumi program.
export {
  PipecatAgent,
  type PipecatAgentArgs,
  type AutoScalingArgs,
  type KrispVivaArgs,
  type AgentProfile,
  type KrispVivaAudioFilter,
  type WebsocketAuthMode,
  type DeploymentErrorInfo,
  type DeploymentInfo,
  type RevisionInfo,
  type RevisionHealth,
  type AgentResources,
} from "./agent/resource";
export { PipecatBuild, type PipecatBuildArgs, type BuildStatus } from "./build/resource";
export { DEFAULT_EXCLUSIONS } from "./build/context";
export { PipecatSecretSet, type PipecatSecretSetArgs, type SecretSetStatus } from "./secret-set/resource";
export { PipecatImagePullSecret, type PipecatImagePullSecretArgs } from "./image-pull-secret/resource";
export { PipecatOrganizationSettings, type PipecatOrganizationSettingsArgs } from "./organization-settings/resource";
export {
  getAgent,
  getAgentOutput,
  getBuild,
  getBuildOutput,
  getOrganizationProperties,
  getOrganizationPropertiesOutput,
  getRegions,
  getRegionsOutput,
  getSecretSet,
  getSecretSetOutput,
  type PipecatAgentLookup,
  type PipecatBuildLookup,
  type PipecatConnectionArgs,
  type PipecatConnectionInputs,
  type PipecatOrganizationProperties,
  type PipecatRegion,
  type PipecatSecretSetLookup,
} from "./lookups";
export { PipecatError, isPipecatError } from "./client/errors/PipecatError";
export { ApiError } from "./client/errors/ApiError";
export { NetworkError } from "./client/errors/NetworkError";
export { TimeoutError } from "./client/errors/TimeoutError";
export { ResponseValidationError } from "./client/errors/ResponseValidationError";
export { ConfigError } from "./client/errors/ConfigError";
export { DeploymentFailedError } from "./client/errors/DeploymentFailedError";
export { ReadyTimeoutError } from "./client/errors/ReadyTimeoutError";
export {
  pccDeployArgs,
  pccDeployBuildArgs,
  readPccDeploy,
  parsePccDeploy,
  pccBuildSettings,
  defaultPccDeployPath,
  type PccDeployConfig,
  type PccBuildSettings,
} from "./pcc-deploy";
export { BuildFailedError } from "./client/errors/BuildFailedError";
export { UploadError } from "./client/errors/UploadError";
export { SecretSetNotReadyError } from "./client/errors/SecretSetNotReadyError";
