/** Condition types kustomize-controller sets besides Ready/Reconciling/Stalled. */
export const KustomizeCondition = { Healthy: 'Healthy' } as const;
export type KustomizeCondition = (typeof KustomizeCondition)[keyof typeof KustomizeCondition];

/** Condition reasons kustomize-controller uses. */
export const KustomizeReason = {
  ArtifactFailed: 'ArtifactFailed',
  BuildFailed: 'BuildFailed',
  HealthCheckFailed: 'HealthCheckFailed',
  PruneFailed: 'PruneFailed',
  DependencyNotReady: 'DependencyNotReady',
  ReconciliationSucceeded: 'ReconciliationSucceeded',
  ReconciliationFailed: 'ReconciliationFailed',
  Progressing: 'Progressing',
  /** Driftless: an applied object was changed outside Git and put back (event reason). */
  DriftCorrected: 'DriftCorrected',
  /** Driftless: an applied object was changed outside Git and, in warn mode, left as it is (event reason). */
  DriftDetected: 'DriftDetected',
} as const;
export type KustomizeReason = (typeof KustomizeReason)[keyof typeof KustomizeReason];
