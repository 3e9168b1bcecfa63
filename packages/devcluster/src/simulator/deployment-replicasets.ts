import type { KubeObject } from '../types.js';
import {
  annotationsNotCopiedToReplicaSets,
  DeploymentAnnotation,
  PodTemplateHashLabel,
  SIMULATE_ANNOTATION,
} from './constants.js';
import { podTemplateHash } from './hash.js';
import { controllerReference } from './plan.js';
import { replicaSetStatus } from './replicaset.js';
import { asRecord, deepEqual, intOr, type Json, scaledValue, specOf } from './values.js';

/** The ReplicaSets of a Deployment once the rollout is done. */
export interface ReplicaSetRollout {
  /** The ReplicaSet running the current template; absent only for a paused Deployment not yet rolled out. */
  newReplicaSet?: KubeObject;
  /** Every ReplicaSet kept, as it will be stored (status included). */
  kept: KubeObject[];
  upsert: KubeObject[];
  remove: KubeObject[];
}

const revisionOf = (rs: KubeObject): number =>
  Number.parseInt(rs.metadata.annotations?.[DeploymentAnnotation.Revision] ?? '0', 10) || 0;

function isRollingUpdate(deploy: KubeObject): boolean {
  return asRecord(specOf(deploy).strategy).type !== 'Recreate';
}

/** `deploymentutil.MaxSurge` / `MaxUnavailable` for the Deployment's strategy. */
export function rolloutBounds(deploy: KubeObject): { maxSurge: number; maxUnavailable: number } {
  const replicas = intOr(specOf(deploy).replicas, 1);
  if (!isRollingUpdate(deploy)) return { maxSurge: 0, maxUnavailable: 0 };
  const rolling = asRecord(asRecord(specOf(deploy).strategy).rollingUpdate);
  const maxSurge = scaledValue(rolling.maxSurge ?? '25%', replicas, true);
  let maxUnavailable = scaledValue(rolling.maxUnavailable ?? '25%', replicas, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable: replicas === 0 ? 0 : Math.min(maxUnavailable, replicas) };
}

function templateWithoutHash(template: unknown): Json {
  const copy = structuredClone(asRecord(template));
  const metadata = asRecord(copy.metadata);
  const labels = { ...asRecord(metadata.labels) };
  delete labels[PodTemplateHashLabel];
  copy.metadata = { ...metadata, labels };
  return copy;
}

function findNewReplicaSet(replicaSets: KubeObject[], template: Json, hash: string): KubeObject | undefined {
  const wanted = templateWithoutHash(template);
  return (
    replicaSets.find((rs) => rs.metadata.labels?.[PodTemplateHashLabel] === hash) ??
    replicaSets.find((rs) => deepEqual(templateWithoutHash(specOf(rs).template), wanted))
  );
}

function createReplicaSet(deploy: KubeObject, template: Json, hash: string): KubeObject {
  const spec = specOf(deploy);
  const selector = asRecord(spec.selector);
  const rsTemplate = structuredClone(template);
  const templateMetadata = asRecord(rsTemplate.metadata);
  const labels = { ...(templateMetadata.labels as Record<string, string> | undefined), [PodTemplateHashLabel]: hash };
  rsTemplate.metadata = { ...templateMetadata, labels };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${deploy.metadata.name}-${hash}`,
      namespace: deploy.metadata.namespace,
      labels: { ...labels },
      annotations: {},
      ownerReferences: [controllerReference(deploy)],
    },
    spec: {
      replicas: 0,
      ...(spec.minReadySeconds !== undefined ? { minReadySeconds: spec.minReadySeconds } : {}),
      selector: { ...selector, matchLabels: { ...asRecord(selector.matchLabels), [PodTemplateHashLabel]: hash } },
      template: rsTemplate,
    },
  };
}

/** Copies the Deployment's annotations, bumps the revision and mirrors the simulate annotation. */
function annotateNewReplicaSet(deploy: KubeObject, rs: KubeObject, revision: number): void {
  const annotations = { ...rs.metadata.annotations };
  for (const [key, value] of Object.entries(deploy.metadata.annotations ?? {})) {
    if (!annotationsNotCopiedToReplicaSets.has(key)) annotations[key] = value;
  }
  const simulate = deploy.metadata.annotations?.[SIMULATE_ANNOTATION];
  if (simulate === undefined) delete annotations[SIMULATE_ANNOTATION];
  else annotations[SIMULATE_ANNOTATION] = simulate;

  const previous = annotations[DeploymentAnnotation.Revision];
  if (previous === undefined || Number.parseInt(previous, 10) < revision) {
    annotations[DeploymentAnnotation.Revision] = String(revision);
    if (previous !== undefined) {
      const history = annotations[DeploymentAnnotation.RevisionHistory];
      annotations[DeploymentAnnotation.RevisionHistory] = history ? `${history},${previous}` : previous;
    }
  }
  rs.metadata.annotations = annotations;
}

function scale(deploy: KubeObject, rs: KubeObject, replicas: number): void {
  const spec = specOf(rs);
  if (spec.replicas === replicas && rs.metadata.annotations?.[DeploymentAnnotation.DesiredReplicas] !== undefined) {
    return;
  }
  const desired = intOr(specOf(deploy).replicas, 1);
  rs.spec = { ...spec, replicas };
  rs.metadata.annotations = {
    ...rs.metadata.annotations,
    [DeploymentAnnotation.DesiredReplicas]: String(desired),
    [DeploymentAnnotation.MaxReplicas]: String(desired + rolloutBounds(deploy).maxSurge),
  };
}

/** Stamps the status the ReplicaSet will report, at the generation the server will give it. */
function withStatus(rs: KubeObject, existing: KubeObject | undefined): KubeObject {
  const generation = !existing
    ? 1
    : deepEqual(existing.spec, rs.spec)
      ? existing.metadata.generation
      : (existing.metadata.generation ?? 0) + 1;
  return { ...rs, status: replicaSetStatus(rs, generation) };
}

function byRevision(a: KubeObject, b: KubeObject): number {
  return (
    revisionOf(a) - revisionOf(b) ||
    (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
    (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '')
  );
}

export function rolloutReplicaSets(deploy: KubeObject, children: KubeObject[]): ReplicaSetRollout {
  const spec = specOf(deploy);
  const existing = children.filter((c) => c.apiVersion === 'apps/v1' && c.kind === 'ReplicaSet');
  const template = asRecord(spec.template);
  const hash = podTemplateHash(template);
  const current = findNewReplicaSet(existing, template, hash);
  const olds = existing.filter((rs) => rs !== current);
  const paused = spec.paused === true;

  const desired = new Map<KubeObject | undefined, KubeObject>();
  let newReplicaSet: KubeObject | undefined;
  if (current || !paused) {
    newReplicaSet = current ? structuredClone(current) : createReplicaSet(deploy, template, hash);
    annotateNewReplicaSet(deploy, newReplicaSet, Math.max(0, ...olds.map(revisionOf)) + 1);
    scale(deploy, newReplicaSet, intOr(spec.replicas, 1));
    desired.set(current, newReplicaSet);
  }
  for (const old of olds) {
    const next = structuredClone(old);
    if (!paused) scale(deploy, next, 0);
    desired.set(old, next);
  }

  const limit = intOr(spec.revisionHistoryLimit, 10);
  const cleanable = olds
    .filter((old) => specOf(desired.get(old) as KubeObject).replicas === 0 && !old.metadata.deletionTimestamp)
    .sort(byRevision);
  const remove = cleanable.slice(0, Math.max(0, cleanable.length - limit));

  const kept: KubeObject[] = [];
  const upsert: KubeObject[] = [];
  for (const [before, after] of desired) {
    if (before && remove.includes(before)) continue;
    const stored = withStatus(after, before);
    kept.push(stored);
    if (!before || !deepEqual(before, stored)) upsert.push(stored);
    if (after === newReplicaSet) newReplicaSet = stored;
  }
  return { newReplicaSet, kept, upsert, remove };
}
