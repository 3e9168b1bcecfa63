import { FluxAnnotation, FluxLabel, ReconcileRequestAnnotation } from '@driftless/api';
import type { FluxObject } from './fetch-objects.js';

/** Written by kubectl or by the controllers and the CLI, never by the author of the manifest. */
const bookkeepingAnnotations: readonly string[] = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
  ReconcileRequestAnnotation,
  FluxAnnotation.HelmForceRequest,
  FluxAnnotation.HelmResetRequest,
];

/** The owner labels a parent Kustomization or HelmRelease stamps on what it applies. */
const bookkeepingLabels: readonly string[] = Object.values(FluxLabel);

/** An object as its author would commit it: type, identity, labels, annotations and spec; nothing the server added. */
export function exportable(object: FluxObject): Record<string, unknown> {
  const { name, namespace } = object.metadata;
  const labels = without(object.metadata.labels, bookkeepingLabels);
  const annotations = without(object.metadata.annotations, bookkeepingAnnotations);
  const metadata = {
    name,
    ...(namespace ? { namespace } : {}),
    ...(labels ? { labels } : {}),
    ...(annotations ? { annotations } : {}),
  };
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata,
    ...(object.spec !== undefined ? { spec: object.spec } : {}),
  };
}

function without(
  values: Record<string, string> | undefined,
  dropped: readonly string[],
): Record<string, string> | undefined {
  const kept = Object.entries(values ?? {}).filter(([key]) => !dropped.includes(key));
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}
