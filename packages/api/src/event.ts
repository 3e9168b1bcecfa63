/** A reference to the object an event is about (Kubernetes ObjectReference, as Flux sends it). */
export interface InvolvedObject {
  kind: string;
  namespace: string;
  name: string;
  apiVersion?: string;
  uid?: string;
  resourceVersion?: string;
}

export const EventSeverity = { Trace: 'trace', Info: 'info', Error: 'error' } as const;
export type EventSeverity = (typeof EventSeverity)[keyof typeof EventSeverity];

/**
 * The event every controller emits, in Flux's wire format (fluxcd/pkg/apis/event v1beta1): the
 * notification-controller and Flux's own tooling read the same JSON.
 */
export interface FluxEvent {
  involvedObject: InvolvedObject;
  severity: EventSeverity;
  /** RFC 3339 time. */
  timestamp: string;
  message: string;
  /** A short UpperCamelCase reason, e.g. `ReconciliationSucceeded`. */
  reason: string;
  /** Extra facts; keys are prefixed with the object's API group, e.g. `kustomize.toolkit.fluxcd.io/revision`. */
  metadata?: Record<string, string>;
  reportingController: string;
  reportingInstance?: string;
}
