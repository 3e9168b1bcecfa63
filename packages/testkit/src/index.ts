export type { CapturedRequest, CaptureReply, CaptureServer, CaptureServerOptions } from './capture-server.js';
export { defaultCaptureServerOptions, startCaptureServer } from './capture-server.js';
export type { ComposeServiceOptions, EnvSchema } from './compose-service.js';
export { checkComposeService, defaultComposeServiceOptions } from './compose-service.js';
export type { ConditionedObject } from './conditions.js';
export { condition, notReadyWith, ready, waitForObject } from './conditions.js';
export type { PushImageOptions } from './container-image.js';
export { pushImageTag, pushImageTags } from './container-image.js';
export type {
  DockerRegistry,
  DockerRegistryOptions,
  OciBlob,
  PushOciArtifactOptions,
} from './docker-registry.js';
export {
  DockerRegistryStartError,
  defaultDockerRegistryOptions,
  pushOciArtifact,
  startDockerRegistry,
} from './docker-registry.js';
export type { EventuallyOptions } from './eventually.js';
export { defaultEventuallyOptions, eventually } from './eventually.js';
export { freePort } from './free-port.js';
export type {
  GitIdentity,
  GitResult,
  RunGitOptions,
  TagOptions,
  WorkTree,
  WorkTreeOptions,
} from './git-repo.js';
export {
  createWorkTree,
  defaultRunGitOptions,
  defaultWorkTreeOptions,
  GitCommandError,
  GitNotInstalledError,
  gitEnv,
  runGit,
} from './git-repo.js';
export type {
  GitRequestRecord,
  GitServer,
  GitServerAuth,
  GitServerOptions,
  GitServerTls,
  SelfSignedCert,
} from './git-server.js';
export {
  createSelfSignedCert,
  defaultGitServerOptions,
  GitServerStartError,
  startGitServer,
} from './git-server.js';
export type { NatsServer, NatsServerOptions } from './nats-server.js';
export {
  defaultNatsServerOptions,
  NatsServerNotInstalledError,
  NatsServerStartError,
  startNatsServer,
} from './nats-server.js';
export type {
  KustomizeControllerProcessOptions,
  ServiceProcess,
  SourceControllerProcessOptions,
} from './service-process.js';
export {
  spawnService,
  startKustomizeControllerProcess,
  startSourceControllerProcess,
  stopService,
} from './service-process.js';
export type { AgeKey, EncryptSopsOptions } from './sops.js';
export { encryptSops, generateAgeKey, SopsEncryptError } from './sops.js';
export type { SshServer, SshServerOptions } from './ssh-server.js';
export { defaultSshServerOptions, SshServerStartError, startSshServer } from './ssh-server.js';
export type { StaticServer, StaticServerOptions } from './static-server.js';
export { startStaticServer } from './static-server.js';
