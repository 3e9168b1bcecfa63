/**
 * The update validation of the built-ins that protects immutable fields, with Kubernetes 1.32's
 * field paths and messages (pkg/apis/{apps,batch,core}/validation and the apps registry strategies).
 * Values in messages are formatted like Go's `%#v` for label selectors and string lists, and as
 * JSON for larger structs where Kubernetes prints `core.PodTemplateSpec{…}`.
 */

import { invalid, type StatusCause } from './errors.js';
import type { KubeObject, ResourceType } from './types.js';

/** Objects and values as decoded JSON: the rules read fields the shared types leave `unknown`. */
type Json = any;
type ImmutabilityRule = (live: Json, next: Json) => StatusCause[];

const FieldImmutable = 'field is immutable';
const ImmutableWhenSet = 'field is immutable when `immutable` is set';
const StatefulSetSpecForbidden =
  "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
const PodSpecForbidden =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';
const PvcSpecForbidden =
  'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims';

const isEmpty = (value: Json): boolean =>
  value === undefined ||
  value === null ||
  value === '' ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);

/** Drops absent, null and empty values and sorts keys: what Go's typed comparison cannot tell apart. */
function normalized(value: Json): Json {
  if (Array.isArray(value)) return value.map(normalized);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, Json> = {};
  for (const key of Object.keys(value).sort()) {
    const child = normalized(value[key]);
    if (!isEmpty(child)) out[key] = child;
  }
  return out;
}

/** `apiequality.Semantic.DeepEqual` over JSON: absent, null and empty are one value. */
function semanticEqual(a: Json, b: Json): boolean {
  const comparable = (value: Json) => {
    const shaped = normalized(value);
    return JSON.stringify(isEmpty(shaped) ? null : shaped);
  };
  return comparable(a) === comparable(b);
}

const valueAt = (object: Json, path: readonly string[]): Json =>
  path.reduce((node, key) => (node && typeof node === 'object' ? node[key] : undefined), object);

const goString = (value: unknown): string => JSON.stringify(String(value));
const goStrings = (values: Json): string =>
  Array.isArray(values) ? `[]string{${values.map(goString).join(', ')}}` : '[]string(nil)';

function goLabelSelector(selector: Json): string {
  const labels = selector.matchLabels;
  const matchLabels =
    labels && typeof labels === 'object'
      ? `map[string]string{${Object.keys(labels)
          .sort()
          .map((k) => `${goString(k)}:${goString(labels[k])}`)
          .join(', ')}}`
      : 'map[string]string(nil)';
  const requirements = Array.isArray(selector.matchExpressions)
    ? `[]v1.LabelSelectorRequirement{${selector.matchExpressions
        .map(
          (r: Json) =>
            `v1.LabelSelectorRequirement{Key:${goString(r?.key ?? '')}, Operator:${goString(r?.operator ?? '')}, Values:${goStrings(r?.values)}}`,
        )
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${matchLabels}, MatchExpressions:${requirements}}`;
}

/** How `field.Invalid` prints a bad value; a nil pointer prints as the string "null". */
export function formatBadValue(value: Json, as: 'selector' | 'strings' | 'plain' = 'plain'): string {
  if (value === undefined || value === null) return '"null"';
  if (as === 'selector' && typeof value === 'object') return goLabelSelector(value);
  if (as === 'strings') return goStrings(value);
  if (typeof value === 'string') return goString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const invalidValue = (field: string, value: Json, as: Parameters<typeof formatBadValue>[1], detail: string) => ({
  type: 'FieldValueInvalid',
  field,
  message: `Invalid value: ${formatBadValue(value, as)}: ${detail}`,
});

const forbidden = (field: string, detail: string): StatusCause => ({
  type: 'FieldValueForbidden',
  field,
  message: `Forbidden: ${detail}`,
});

/** `ValidateImmutableField`: any change of the value at `path` is rejected. */
const immutableField =
  (path: readonly string[], as: Parameters<typeof formatBadValue>[1] = 'plain'): ImmutabilityRule =>
  (live, next) => {
    const value = valueAt(next, path);
    if (semanticEqual(value, valueAt(live, path))) return [];
    return [invalidValue(path.join('.'), value, as, FieldImmutable)];
  };

const selectorImmutable = immutableField(['spec', 'selector'], 'selector');

/** Compares two specs once the fields an update may change are taken from the live one. */
function changedBesides(live: Json, next: Json, keep: (liveSpec: Json, nextSpec: Json) => void): boolean {
  const liveSpec = structuredClone(live ?? {});
  const nextSpec = structuredClone(next ?? {});
  keep(liveSpec, nextSpec);
  return !semanticEqual(liveSpec, nextSpec);
}

const statefulSetMutable = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'revisionHistoryLimit',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
];

/** The defaults a real server stores, so that spelling one out later is not a change. */
function defaultStatefulSetSpec(spec: Json): void {
  spec.podManagementPolicy ??= 'OrderedReady';
  for (const claim of Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : []) {
    if (!claim || typeof claim !== 'object') continue;
    delete claim.status;
    delete claim.apiVersion;
    delete claim.kind;
    if (claim.spec && typeof claim.spec === 'object') claim.spec.volumeMode ??= 'Filesystem';
  }
}

const statefulSetSpec: ImmutabilityRule = (live, next) => {
  const changed = changedBesides(live.spec, next.spec, (liveSpec, nextSpec) => {
    for (const key of statefulSetMutable) nextSpec[key] = liveSpec[key];
    defaultStatefulSetSpec(liveSpec);
    defaultStatefulSetSpec(nextSpec);
  });
  return changed ? [forbidden('spec', StatefulSetSpecForbidden)] : [];
};

const schedulingDirectives = ['nodeSelector', 'tolerations', 'affinity', 'schedulingGates'];

/** A Job's template is immutable, except scheduling directives while it is suspended and never started. */
const jobTemplate: ImmutabilityRule = (live, next) => {
  const template = next.spec?.template;
  const changed = changedBesides(live.spec?.template, template, (liveTemplate, nextTemplate) => {
    const neverStarted = live.spec?.suspend === true && !live.status?.startTime;
    if (!neverStarted) return;
    nextTemplate.metadata = { ...(nextTemplate.metadata ?? {}) };
    for (const key of ['labels', 'annotations']) nextTemplate.metadata[key] = liveTemplate.metadata?.[key];
    nextTemplate.spec = { ...(nextTemplate.spec ?? {}) };
    for (const key of schedulingDirectives) nextTemplate.spec[key] = liveTemplate.spec?.[key];
  });
  return changed ? [invalidValue('spec.template', template, 'plain', FieldImmutable)] : [];
};

/**
 * The IPs the Service registry compares: an empty `clusterIP` or `clusterIPs` keeps the allocated one,
 * and a `clusterIP` edit that leaves `clusterIPs` alone is carried into `clusterIPs`.
 */
function requestedClusterIPs(live: Json, next: Json): string[] {
  const liveIPs: string[] = Array.isArray(live.clusterIPs) ? live.clusterIPs : [];
  const clusterIP = next.clusterIP || live.clusterIP;
  const clusterIPs: string[] = Array.isArray(next.clusterIPs) && next.clusterIPs.length ? next.clusterIPs : liveIPs;
  if (clusterIP !== live.clusterIP && semanticEqual(clusterIPs, liveIPs)) return [clusterIP];
  return clusterIPs;
}

const primaryClusterIP: ImmutabilityRule = (live, next) => {
  const liveSpec = live.spec ?? {};
  const nextSpec = next.spec ?? {};
  if (liveSpec.type === 'ExternalName' || nextSpec.type === 'ExternalName') return [];
  const livePrimary = Array.isArray(liveSpec.clusterIPs) ? liveSpec.clusterIPs[0] : undefined;
  const nextIPs = requestedClusterIPs(liveSpec, nextSpec);
  if (!livePrimary || nextIPs[0] === livePrimary) return [];
  return [invalidValue('spec.clusterIPs[0]', nextIPs, 'strings', 'may not change once set')];
};

/** ConfigMaps and Secrets marked `immutable: true` keep their flag and contents. */
const frozenWhenImmutable =
  (contents: readonly string[]): ImmutabilityRule =>
  (live, next) => {
    if (live.immutable !== true) return [];
    const causes: StatusCause[] = [];
    if (next.immutable !== true) causes.push(forbidden('immutable', ImmutableWhenSet));
    for (const key of contents) {
      if (!semanticEqual(next[key], live[key])) causes.push(forbidden(key, ImmutableWhenSet));
    }
    return causes;
  };

const pvcSpec: ImmutabilityRule = (live, next) => {
  const changed = changedBesides(live.spec, next.spec, (liveSpec, nextSpec) => {
    nextSpec.resources = { ...(nextSpec.resources ?? {}), requests: liveSpec.resources?.requests };
    nextSpec.volumeAttributesClassName = liveSpec.volumeAttributesClassName;
    if (!liveSpec.volumeName) nextSpec.volumeName = liveSpec.volumeName;
    const classAnnotation = live.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];
    if (liveSpec.storageClassName == null && !classAnnotation) nextSpec.storageClassName = undefined;
    for (const spec of [liveSpec, nextSpec]) spec.volumeMode ??= 'Filesystem';
  });
  return changed ? [forbidden('spec', PvcSpecForbidden)] : [];
};

/** Images may change in place; the container lists themselves may not. */
function keepImages(liveContainers: Json, nextContainers: Json): void {
  if (!Array.isArray(liveContainers) || !Array.isArray(nextContainers)) return;
  if (liveContainers.length !== nextContainers.length) return;
  nextContainers.forEach((container, i) => {
    if (container && typeof container === 'object') container.image = liveContainers[i]?.image;
  });
}

const includesAll = (superset: Json, subset: Json): boolean =>
  (Array.isArray(subset) ? subset : []).every((item) =>
    (Array.isArray(superset) ? superset : []).some((candidate) => semanticEqual(candidate, item)),
  );

const podSpec: ImmutabilityRule = (live, next) => {
  const changed = changedBesides(live.spec, next.spec, (liveSpec, nextSpec) => {
    keepImages(liveSpec.containers, nextSpec.containers);
    keepImages(liveSpec.initContainers, nextSpec.initContainers);
    nextSpec.activeDeadlineSeconds = liveSpec.activeDeadlineSeconds;
    if (includesAll(nextSpec.tolerations, liveSpec.tolerations)) nextSpec.tolerations = liveSpec.tolerations;
    if (includesAll(liveSpec.schedulingGates, nextSpec.schedulingGates)) {
      nextSpec.schedulingGates = liveSpec.schedulingGates;
    }
    if (liveSpec.terminationGracePeriodSeconds < 0 && nextSpec.terminationGracePeriodSeconds === 1) {
      nextSpec.terminationGracePeriodSeconds = liveSpec.terminationGracePeriodSeconds;
    }
  });
  return changed ? [forbidden('spec', PodSpecForbidden)] : [];
};

/** The checks per `group/Kind`, in the order Kubernetes reports them. */
const rules: Record<string, readonly ImmutabilityRule[]> = {
  'apps/Deployment': [selectorImmutable],
  'apps/ReplicaSet': [selectorImmutable],
  'apps/DaemonSet': [selectorImmutable],
  'apps/StatefulSet': [statefulSetSpec],
  'batch/Job': [selectorImmutable, jobTemplate],
  '/Service': [primaryClusterIP],
  '/ConfigMap': [frozenWhenImmutable(['data', 'binaryData'])],
  '/Secret': [immutableField(['type']), frozenWhenImmutable(['data'])],
  '/PersistentVolumeClaim': [pvcSpec],
  '/Pod': [podSpec],
};

/** The causes for which an update of `live` to `next` changes an immutable field; empty when it may go ahead. */
export function immutableFieldCauses(type: ResourceType, live: KubeObject, next: KubeObject): StatusCause[] {
  if (!type.builtin) return [];
  return (rules[`${type.group}/${type.kind}`] ?? []).flatMap((rule) => rule(live, next));
}

/** Throws Kubernetes' 422 `Invalid` Status when the update changes an immutable field. */
export function checkImmutableFields(type: ResourceType, live: KubeObject, next: KubeObject): void {
  const causes = immutableFieldCauses(type, live, next);
  if (causes.length) throw invalid(type.kind, type.group, live.metadata.name ?? '', causes);
}
