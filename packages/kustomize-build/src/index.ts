export type { BuildSpec } from './build-spec.js';
export { pickBuildSpec } from './build-spec.js';
export {
  BuildError,
  ManifestDecodeError,
  PathEscapeError,
  PathNotFoundError,
  RemoteReferenceError,
  SubstituteError,
  SubstituteSourceError,
} from './errors.js';
export { setCommonMetadata } from './flux-overlay.js';
export type { BuildInput } from './kustomize-build.js';
export { buildManifests } from './kustomize-build.js';
export type { ManifestObject, PostBuild, SubstituteOptions, VariableReaders } from './substitute.js';
export {
  collectVariables,
  defaultSubstituteOptions,
  substituteDisabledValue,
  substituteOptOutKey,
  substituteVariables,
  variableNamePattern,
} from './substitute.js';
