import type { KustomizationSpec } from '@driftless/api';

/** The Kustomization spec fields that change what a build produces. */
export type BuildSpec = Pick<
  KustomizationSpec,
  'targetNamespace' | 'namePrefix' | 'nameSuffix' | 'commonMetadata' | 'patches' | 'images' | 'components'
>;

/** Copies only the build fields, so a whole spec can be passed where a `BuildSpec` is kept (cache keys). */
export function pickBuildSpec(spec: BuildSpec): BuildSpec {
  return {
    targetNamespace: spec.targetNamespace,
    namePrefix: spec.namePrefix,
    nameSuffix: spec.nameSuffix,
    commonMetadata: spec.commonMetadata,
    patches: spec.patches,
    images: spec.images,
    components: spec.components,
  };
}
