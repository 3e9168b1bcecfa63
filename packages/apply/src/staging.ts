import { groupOf, type Unstructured } from './objects.js';

const stageOneKinds = new Set(['apiextensions.k8s.io/CustomResourceDefinition', '/Namespace']);

const stageTwoKinds = new Set([
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'storage.k8s.io/StorageClass',
  'networking.k8s.io/IngressClass',
  'scheduling.k8s.io/PriorityClass',
  'node.k8s.io/RuntimeClass',
]);

const lastStageKinds = new Set([
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'apiregistration.k8s.io/APIService',
]);

/** kustomize's legacy order (`resid.GvkLessThan`): these first, then other kinds, then the webhooks. */
const orderFirst = [
  'Namespace',
  'ResourceQuota',
  'StorageClass',
  'CustomResourceDefinition',
  'ServiceAccount',
  'PodSecurityPolicy',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ConfigMap',
  'Secret',
  'Endpoints',
  'Service',
  'LimitRange',
  'PriorityClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Deployment',
  'StatefulSet',
  'CronJob',
  'PodDisruptionBudget',
];
const orderLast = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

function kindRank(kind: string): number {
  const first = orderFirst.indexOf(kind);
  if (first >= 0) return first;
  const last = orderLast.indexOf(kind);
  return last >= 0 ? orderFirst.length + 1 + last : orderFirst.length;
}

function compareObjects(a: Unstructured, b: Unstructured): number {
  return (
    kindRank(a.kind) - kindRank(b.kind) ||
    compareText(a.kind, b.kind) ||
    compareText(a.apiVersion, b.apiVersion) ||
    compareText(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
    compareText(a.metadata.name, b.metadata.name)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** kustomize's legacy kind order, then kind, apiVersion, namespace and name: a stable apply order. */
export function sortObjects(objects: readonly Unstructured[]): Unstructured[] {
  return [...objects].sort(compareObjects);
}

/**
 * The stages of `applyAllStaged`, always four, each sorted: CRDs and Namespaces; cluster-wide
 * RBAC and class kinds; everything else; admission webhooks and APIServices (they can block
 * other writes, so they go when what they call exists).
 */
export function stageObjects(objects: readonly Unstructured[]): Unstructured[][] {
  const stages: Unstructured[][] = [[], [], [], []];
  for (const object of objects) {
    const key = `${groupOf(object.apiVersion)}/${object.kind}`;
    const stage = stageOneKinds.has(key) ? 0 : stageTwoKinds.has(key) ? 1 : lastStageKinds.has(key) ? 3 : 2;
    stages[stage]!.push(object);
  }
  return stages.map(sortObjects);
}
