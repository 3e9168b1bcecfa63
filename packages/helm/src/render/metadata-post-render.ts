import type { Unstructured } from '@driftless/apply';

export interface MetadataPostRender {
  originLabels?: Record<string, string>;
  commonMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
}

/**
 * Adds commonMetadata, then the origin labels, to `metadata` of every object (not to pod templates),
 * as Flux's common and origin-label post-renderers do; the origin labels win on a clash.
 */
export function addMetadata(object: Unstructured, metadata: MetadataPostRender): Unstructured {
  const labels = { ...metadata.commonMetadata?.labels, ...metadata.originLabels };
  const annotations = metadata.commonMetadata?.annotations ?? {};
  const next: Unstructured = { ...object, metadata: { ...object.metadata } };
  if (Object.keys(labels).length > 0) next.metadata.labels = { ...object.metadata.labels, ...labels };
  if (Object.keys(annotations).length > 0) {
    next.metadata.annotations = { ...object.metadata.annotations, ...annotations };
  }
  return next;
}

export function hasMetadata(metadata: MetadataPostRender): boolean {
  const counts = [metadata.originLabels, metadata.commonMetadata?.labels, metadata.commonMetadata?.annotations];
  return counts.some((map) => map !== undefined && Object.keys(map).length > 0);
}
