/** A Kubernetes status condition (metav1.Condition). */
export interface Condition {
  type: string;
  status: ConditionStatus;
  observedGeneration?: number;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export const ConditionStatus = { True: 'True', False: 'False', Unknown: 'Unknown' } as const;
export type ConditionStatus = (typeof ConditionStatus)[keyof typeof ConditionStatus];

/** Condition types shared by every Flux object (fluxcd/pkg/apis/meta). */
export const ConditionType = {
  Ready: 'Ready',
  Reconciling: 'Reconciling',
  Stalled: 'Stalled',
  Healthy: 'Healthy',
} as const;
export type ConditionType = (typeof ConditionType)[keyof typeof ConditionType];

/** Condition reasons shared by every Flux object (fluxcd/pkg/apis/meta). */
export const Reason = {
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Progressing: 'Progressing',
  ProgressingWithRetry: 'ProgressingWithRetry',
  Suspended: 'Suspended',
  DependencyNotReady: 'DependencyNotReady',
  ReconciliationSucceeded: 'ReconciliationSucceeded',
  ReconciliationFailed: 'ReconciliationFailed',
  InvalidPath: 'InvalidPath',
  InvalidURL: 'InvalidURL',
  UnsupportedType: 'UnsupportedType',
  InvalidSTSConfiguration: 'InvalidSTSConfiguration',
} as const;
export type Reason = (typeof Reason)[keyof typeof Reason];

/** Annotation that asks for an immediate reconcile when its value changes. */
export const ReconcileRequestAnnotation = 'reconcile.fluxcd.io/requestedAt';
