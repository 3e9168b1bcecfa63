export { parseLenientVersion, rangeNamesPrerelease, toNodeRange } from './lenient-semver.js';
export {
  HelmOciChartError,
  OciAuthenticationError,
  OciDigestMismatchError,
  OciError,
  OciLayerError,
  OciManifestError,
  OciReferenceError,
  OciRequestError,
  OciTooLargeError,
  OciUrlInvalidError,
} from './oci-errors.js';
export type { OciDescriptor, OciImageManifest, OciIndex, ParsedManifest } from './oci-manifest.js';
export {
  ManifestMediaType,
  manifestAccept,
  OciDescriptorSchema,
  OciImageManifestSchema,
  OciIndexSchema,
  parseManifest,
} from './oci-manifest.js';
export type { OciRepositoryAddress } from './oci-reference.js';
export { isValidDigest, isValidTag, ociScheme, parseOciUrl } from './oci-reference.js';
export type { SemverConstraint, VersionedTag } from './oci-semver.js';
export { highestMatching, parseConstraint, parseFluxVersion, parseStrictVersion } from './oci-semver.js';
export type {
  FetchBlobOptions,
  FetchedBlob,
  FetchedManifest,
  RegistryClient,
  RegistryClientOptions,
} from './registry-client.js';
export { createRegistryClient, defaultRegistryClientOptions } from './registry-client.js';
export type { RegistryCredentials } from './registry-credentials.js';
export { credentialsFromDockerConfig, DockerConfigKey } from './registry-credentials.js';
export type { HttpRequestOptions, HttpResponse } from './registry-http.js';
export { describeErrorResponse, discardBody, httpRequest, readBody } from './registry-http.js';
export type { AuthChallenge } from './www-authenticate.js';
export { parseWwwAuthenticate } from './www-authenticate.js';
