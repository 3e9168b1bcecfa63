import type { ResourceType } from '../types.js';
import { groupVersionPath } from './naming.js';
import { servedV3Document } from './v3-document.js';

/** `/openapi/v3`: every group version's document path, with a hash that changes when the document does. */
export function openApiV3Index(types: ResourceType[]): { paths: Record<string, { serverRelativeURL: string }> } {
  const groupVersions = new Map<string, { group: string; version: string }>();
  for (const type of types) groupVersions.set(groupVersionPath(type.group, type.version), type);
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const path of [...groupVersions.keys()].sort()) {
    const { group, version } = groupVersions.get(path)!;
    const served = servedV3Document(group, version, types);
    if (served) paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${served.hash}` };
  }
  return { paths };
}
