import { FluxLabel, type HelmRelease } from '@driftless/api';
import type { Values } from '../release/release.js';
import type { PostRenderer, RenderRequest } from '../render/rendered-release.js';
import { releaseNameOf, releaseNamespaceOf } from './helm-release-names.js';

type NamedHelmRelease = Pick<HelmRelease, 'spec'> & { metadata: { name: string; namespace: string } };

/** How a HelmRelease renders its chart: its release name and namespace, post-renderers, origin labels and common metadata. */
export function renderRequestOf(
  object: NamedHelmRelease,
  chartPath: string,
  values: Values,
  signal?: AbortSignal,
): RenderRequest {
  return {
    chartPath,
    releaseName: releaseNameOf(object),
    namespace: releaseNamespaceOf(object),
    values,
    postRenderers: object.spec.postRenderers as PostRenderer[] | undefined,
    originLabels: {
      [FluxLabel.HelmName]: object.metadata.name,
      [FluxLabel.HelmNamespace]: object.metadata.namespace,
    },
    commonMetadata: object.spec.commonMetadata,
    signal,
  };
}
