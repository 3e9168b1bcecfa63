import type { Unstructured } from '@driftless/apply';
import type { Release, Values } from '../release/release.js';

export interface RenderRequest {
  /** A chart: a packaged `.tgz` or a directory. */
  chartPath: string;
  releaseName: string;
  /** The release namespace (HelmRelease targetNamespace, or its own namespace). */
  namespace: string;
  values: Values;
  /** Post-renderers (HelmRelease spec.postRenderers), applied to the manifest, not to hooks, as helm does. */
  postRenderers?: PostRenderer[];
  /** Labels added to every object of the manifest (Flux's `helm.toolkit.fluxcd.io/name` and `/namespace`). */
  originLabels?: Record<string, string>;
  /** commonMetadata labels and annotations added to every object of the manifest. */
  commonMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  signal?: AbortSignal;
}

export interface PostRenderer {
  kustomize?: {
    patches?: Array<{ patch: string; target?: Record<string, unknown> }>;
    images?: Array<{ name: string; newName?: string; newTag?: string; digest?: string }>;
  };
}

/** What the real helm made of a chart and values, ready to be installed. */
export interface RenderedRelease {
  /** Helm's release record with manifest, hooks, notes, chart and config; version 0, info.status pending-install. */
  release: Release;
  /** The manifest's objects, in the manifest's order, namespaced objects with their namespace set. */
  objects: Unstructured[];
  /** The chart's (and subcharts') CRDs from `crds/`, which helm never templates or stores in the manifest. */
  crds: Unstructured[];
}
