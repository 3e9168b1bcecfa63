/** Finalizer every Flux controller puts on the objects it reconciles. */
export const FluxFinalizer = 'finalizers.fluxcd.io';

/** Labels and annotations the Flux controllers read or write on objects they manage. */
export const FluxLabel = {
  KustomizeName: 'kustomize.toolkit.fluxcd.io/name',
  KustomizeNamespace: 'kustomize.toolkit.fluxcd.io/namespace',
  HelmName: 'helm.toolkit.fluxcd.io/name',
  HelmNamespace: 'helm.toolkit.fluxcd.io/namespace',
} as const;
export type FluxLabel = (typeof FluxLabel)[keyof typeof FluxLabel];

export const FluxAnnotation = {
  /** `disabled` keeps an object when it leaves the source. */
  Prune: 'kustomize.toolkit.fluxcd.io/prune',
  /** `Ignore`, `IfNotPresent` or `Merge` changes how server-side apply treats an object. */
  Ssa: 'kustomize.toolkit.fluxcd.io/ssa',
  /** `Disabled` skips variable substitution for an object. */
  Substitute: 'kustomize.toolkit.fluxcd.io/substitute',
  /** `true` (with `force` off) makes a failed apply of an immutable field recreate the object. */
  Force: 'kustomize.toolkit.fluxcd.io/force',
  /** Asks helm-controller to force a release (with the requestedAt value). */
  HelmForceRequest: 'reconcile.fluxcd.io/forceAt',
  /** Asks helm-controller to reset failure counters (with the requestedAt value). */
  HelmResetRequest: 'reconcile.fluxcd.io/resetAt',
  /** Disables drift detection for one object of a HelmRelease. */
  HelmDriftDetection: 'helm.toolkit.fluxcd.io/driftDetection',
} as const;
export type FluxAnnotation = (typeof FluxAnnotation)[keyof typeof FluxAnnotation];

/** Values of the `kustomize.toolkit.fluxcd.io/ssa` annotation. */
export const SsaPolicy = {
  Ignore: 'Ignore',
  IfNotPresent: 'IfNotPresent',
  Merge: 'Merge',
  Override: 'Override',
} as const;
export type SsaPolicy = (typeof SsaPolicy)[keyof typeof SsaPolicy];

/** Value of the prune annotation that keeps an object. */
export const PruneDisabled = 'disabled';
