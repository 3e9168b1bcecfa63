/** Set on a workload to make the simulator report it as failing or stuck instead of healthy. */
export const SIMULATE_ANNOTATION = 'devcluster.driftless.io/simulate';

export const SimulateMode = {
  Healthy: 'healthy',
  Fail: 'fail',
  Pending: 'pending',
} as const;
export type SimulateMode = (typeof SimulateMode)[keyof typeof SimulateMode];

export const PodTemplateHashLabel = 'pod-template-hash';
export const ControllerRevisionHashLabel = 'controller.kubernetes.io/hash';

export const DeploymentAnnotation = {
  Revision: 'deployment.kubernetes.io/revision',
  RevisionHistory: 'deployment.kubernetes.io/revision-history',
  DesiredReplicas: 'deployment.kubernetes.io/desired-replicas',
  MaxReplicas: 'deployment.kubernetes.io/max-replicas',
} as const;

/** Deployment annotations the controller never copies onto its ReplicaSets. */
export const annotationsNotCopiedToReplicaSets: ReadonlySet<string> = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  DeploymentAnnotation.Revision,
  DeploymentAnnotation.RevisionHistory,
  DeploymentAnnotation.DesiredReplicas,
  DeploymentAnnotation.MaxReplicas,
  'deprecated.deployment.rollback.to',
  SIMULATE_ANNOTATION,
]);
