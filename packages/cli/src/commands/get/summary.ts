import { type Condition, ConditionStatus, ConditionType } from '@driftless/api';
import type { FluxObject } from './fetch-objects.js';

/** One table row: what `flux get` shows of an object. */
export interface Summary {
  namespace: string;
  name: string;
  revision: string;
  suspended: string;
  ready: string;
  /** Since when Ready has had its status, as kubectl prints ages (`5m`); '' when there is no Ready. */
  lastUpdated: string;
  message: string;
}

type RevisionOf = (status: Record<string, unknown>) => string | undefined;

const artifactRevision: RevisionOf = (status) => field(status, 'artifact', 'revision');

/** Where each kind keeps the revision it last acted on; kinds without one show no REVISION column. */
const revisionByKind: Record<string, RevisionOf> = {
  GitRepository: artifactRevision,
  HelmRepository: artifactRevision,
  HelmChart: artifactRevision,
  OCIRepository: artifactRevision,
  Kustomization: (status) => field(status, 'lastAppliedRevision'),
  HelmRelease: (status) => field(status, 'lastAttemptedRevision') ?? field(status, 'history', '0', 'chartVersion'),
  ImageRepository: (status) => field(status, 'lastScanResult', 'revision'),
  ImagePolicy: (status) => imageRef(status.latestRef),
  ImageUpdateAutomation: (status) => field(status, 'lastPushCommit'),
};

export function hasRevision(kind: string): boolean {
  return kind in revisionByKind;
}

export function summarize(object: FluxObject, now: Date): Summary {
  const status = object.status ?? {};
  const ready = readyCondition(object);
  return {
    namespace: object.metadata.namespace ?? '',
    name: object.metadata.name,
    revision: revisionByKind[object.kind ?? '']?.(status) ?? '',
    suspended: object.spec?.suspend === true ? 'True' : 'False',
    // As flux: an object no controller has written a Ready condition on yet is not ready.
    ready: ready?.status ?? ConditionStatus.False,
    lastUpdated: ready?.lastTransitionTime ? age(new Date(ready.lastTransitionTime), now) : '',
    message: ready ? ready.message : 'waiting to be reconciled',
  };
}

/** flux's `--status-selector type=status`, both sides compared without case. */
export interface StatusSelector {
  type: string;
  status: string;
}

export function parseStatusSelector(text: string): StatusSelector | undefined {
  const equals = text.indexOf('=');
  if (equals <= 0) return undefined;
  return { type: text.slice(0, equals), status: text.slice(equals + 1) };
}

export function matchesStatus(object: FluxObject, selector: StatusSelector): boolean {
  const wanted = selector.type.toLowerCase();
  const condition = object.status?.conditions?.findLast((item) => item.type.toLowerCase() === wanted);
  return condition !== undefined && condition.status.toLowerCase() === selector.status.toLowerCase();
}

function readyCondition(object: FluxObject): Condition | undefined {
  return object.status?.conditions?.find((condition) => condition.type === ConditionType.Ready);
}

/** kubectl's short ages: 42s, 5m, 3h, 2d. */
export function age(since: Date, now: Date): string {
  const seconds = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 1000));
  if (Number.isNaN(seconds)) return '';
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 2 * 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 48 * 3600) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

function field(value: unknown, ...path: string[]): string | undefined {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return typeof current === 'string' && current !== '' ? current : undefined;
}

function imageRef(ref: unknown): string | undefined {
  const name = field(ref, 'name');
  const tag = field(ref, 'tag');
  return name && tag ? `${name}:${tag}` : undefined;
}
