import { type RegistrySessionOptions, withRegistryClient } from './registry-session.js';
import type { ImageName, RegistryAccess, ScanResult } from './scan-types.js';
import { compileExclusionList, excludeTags, latestTags, tagListRevision } from './tag-list.js';

/**
 * Lists every tag of the image repository (following pagination), drops the tags matching `exclusionList`
 * (Go RE2 patterns; an invalid one throws ExclusionListError before the registry is asked), and computes Flux's
 * `lastScanResult` revision and latest tags.
 */
export async function scanTags(
  name: ImageName,
  access: RegistryAccess,
  exclusionList: readonly string[],
  options: Partial<RegistrySessionOptions> = {},
): Promise<ScanResult> {
  const exclusions = compileExclusionList(exclusionList);
  const listed = await withRegistryClient(name, access, (client) => client.listTags(name.repository), options);
  const tags = excludeTags(listed, exclusions);
  return { tags, revision: tagListRevision(tags), latestTags: latestTags(tags) };
}

/** The manifest digest (`sha256:…`) a tag points at now, for ImagePolicy's `digestReflectionPolicy`. */
export function resolveTagDigest(
  name: ImageName,
  access: RegistryAccess,
  tag: string,
  options: Partial<RegistrySessionOptions> = {},
): Promise<string> {
  return withRegistryClient(name, access, (client) => client.resolveDigest(name.repository, tag), options);
}
