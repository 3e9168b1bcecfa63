import { describe, expect, it } from 'vitest';
import { StatusError } from './errors.js';
import { checkImmutableFields, formatBadValue, immutableFieldCauses } from './immutable-fields.js';
import type { KubeObject, ResourceType } from './types.js';

const typeOf = (group: string, kind: string, builtin = true) =>
  ({ group, version: 'v1', kind, builtin }) as ResourceType;

const object = (kind: string, body: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name: 'web', namespace: 'default' },
  ...body,
});

const selector = (app: string) => ({ matchLabels: { app } });
const podTemplate = (image: string, extra: Record<string, unknown> = {}) => ({
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image }], restartPolicy: 'Never', ...extra },
});
const statefulSet = (spec: Record<string, unknown>) =>
  object('StatefulSet', {
    spec: { selector: selector('db'), serviceName: 'db', replicas: 1, template: podTemplate('pg:16'), ...spec },
  });
const service = (spec: Record<string, unknown>) =>
  object('Service', { spec: { type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ...spec } });
const pvc = (spec: Record<string, unknown>) =>
  object('PersistentVolumeClaim', {
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
  });
const pod = (spec: Record<string, unknown>) =>
  object('Pod', { spec: { containers: [{ name: 'web', image: 'nginx:1.25' }], ...spec } });

const statefulSetForbidden =
  "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
const podForbidden =
  'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';
const pvcForbidden =
  'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims';
const whenSet = 'Forbidden: field is immutable when `immutable` is set';

interface Case {
  group: string;
  live: KubeObject;
  next: KubeObject;
  /** The message after `<Kind>[.group] "web" is invalid: `, or undefined when the update is allowed. */
  message?: string;
}

const cases: Record<string, Case> = {
  'Deployment selector change': {
    group: 'apps',
    live: object('Deployment', { spec: { selector: selector('web'), replicas: 1 } }),
    next: object('Deployment', { spec: { selector: selector('api'), replicas: 1 } }),
    message:
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"api"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
  },
  'Deployment replicas and template change': {
    group: 'apps',
    live: object('Deployment', { spec: { selector: selector('web'), replicas: 1, template: podTemplate('a') } }),
    next: object('Deployment', { spec: { selector: selector('web'), replicas: 3, template: podTemplate('b') } }),
  },
  'ReplicaSet selector removal': {
    group: 'apps',
    live: object('ReplicaSet', { spec: { selector: selector('web') } }),
    next: object('ReplicaSet', { spec: {} }),
    message: 'spec.selector: Invalid value: "null": field is immutable',
  },
  'DaemonSet selector expressions change': {
    group: 'apps',
    live: object('DaemonSet', { spec: { selector: selector('agent') } }),
    next: object('DaemonSet', {
      spec: { selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['agent', 'probe'] }] } },
    }),
    message:
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"In", Values:[]string{"agent", "probe"}}}}: field is immutable',
  },
  'StatefulSet serviceName change': {
    group: 'apps',
    live: statefulSet({}),
    next: statefulSet({ serviceName: 'db-headless' }),
    message: statefulSetForbidden,
  },
  'StatefulSet volumeClaimTemplates change': {
    group: 'apps',
    live: statefulSet({ volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { storageClassName: 'a' } }] }),
    next: statefulSet({ volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { storageClassName: 'b' } }] }),
    message: statefulSetForbidden,
  },
  'StatefulSet selector change': {
    group: 'apps',
    live: statefulSet({}),
    next: statefulSet({ selector: selector('other') }),
    message: statefulSetForbidden,
  },
  'StatefulSet allowed fields and spelled-out defaults': {
    group: 'apps',
    live: statefulSet({ volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: {} }] }),
    next: statefulSet({
      replicas: 5,
      template: podTemplate('pg:17'),
      updateStrategy: { type: 'OnDelete' },
      minReadySeconds: 10,
      revisionHistoryLimit: 3,
      podManagementPolicy: 'OrderedReady',
      volumeClaimTemplates: [
        { metadata: { name: 'data' }, spec: { volumeMode: 'Filesystem' }, status: { phase: 'Pending' } },
      ],
    }),
  },
  'Job template change': {
    group: 'batch',
    live: object('Job', { spec: { template: podTemplate('busybox:1') } }),
    next: object('Job', { spec: { template: podTemplate('busybox:2') } }),
    message: `spec.template: Invalid value: ${JSON.stringify(podTemplate('busybox:2'))}: field is immutable`,
  },
  'Job selector and template change report both': {
    group: 'batch',
    live: object('Job', { spec: { selector: selector('a'), template: podTemplate('busybox:1') } }),
    next: object('Job', { spec: { selector: selector('b'), template: podTemplate('busybox:2') } }),
    message: `[spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable, spec.template: Invalid value: ${JSON.stringify(podTemplate('busybox:2'))}: field is immutable]`,
  },
  'suspended, never started Job may change scheduling directives': {
    group: 'batch',
    live: object('Job', { spec: { suspend: true, template: podTemplate('busybox:1') } }),
    next: object('Job', {
      spec: { suspend: true, template: podTemplate('busybox:1', { nodeSelector: { zone: 'a' } }) },
    }),
  },
  'suspended Job may still not change images': {
    group: 'batch',
    live: object('Job', { spec: { suspend: true, template: podTemplate('busybox:1') } }),
    next: object('Job', { spec: { suspend: true, template: podTemplate('busybox:2') } }),
    message: `spec.template: Invalid value: ${JSON.stringify(podTemplate('busybox:2'))}: field is immutable`,
  },
  'Job suspend and parallelism change': {
    group: 'batch',
    live: object('Job', { spec: { parallelism: 1, template: podTemplate('busybox:1') } }),
    next: object('Job', { spec: { parallelism: 2, suspend: true, template: podTemplate('busybox:1') } }),
  },
  'Service clusterIPs change': {
    group: '',
    live: service({}),
    next: service({ clusterIP: '10.96.0.99', clusterIPs: ['10.96.0.99'] }),
    message: 'spec.clusterIPs[0]: Invalid value: []string{"10.96.0.99"}: may not change once set',
  },
  'Service turned headless through clusterIP alone': {
    group: '',
    live: service({}),
    next: service({ clusterIP: 'None' }),
    message: 'spec.clusterIPs[0]: Invalid value: []string{"None"}: may not change once set',
  },
  'Service with emptied clusterIP and clusterIPs keeps its address': {
    group: '',
    live: service({}),
    next: service({ clusterIP: '', clusterIPs: [] }),
  },
  'Service ports change': {
    group: '',
    live: service({ ports: [{ port: 80 }] }),
    next: service({ ports: [{ port: 8080 }] }),
  },
  'Service to ExternalName': {
    group: '',
    live: service({}),
    next: service({ type: 'ExternalName', externalName: 'example.com', clusterIP: '', clusterIPs: [] }),
  },
  'immutable ConfigMap data change': {
    group: '',
    live: object('ConfigMap', { immutable: true, data: { a: '1' } }),
    next: object('ConfigMap', { immutable: true, data: { a: '2' } }),
    message: `data: ${whenSet}`,
  },
  'immutable ConfigMap made mutable with binaryData': {
    group: '',
    live: object('ConfigMap', { immutable: true, data: { a: '1' } }),
    next: object('ConfigMap', { immutable: false, data: { a: '1' }, binaryData: { b: 'AA==' } }),
    message: `[immutable: ${whenSet}, binaryData: ${whenSet}]`,
  },
  'immutable ConfigMap label change': {
    group: '',
    live: object('ConfigMap', { immutable: true, data: { a: '1' } }),
    next: {
      ...object('ConfigMap', { immutable: true, data: { a: '1' } }),
      metadata: { name: 'web', labels: { x: 'y' } },
    },
  },
  'mutable ConfigMap made immutable with new data': {
    group: '',
    live: object('ConfigMap', { data: { a: '1' } }),
    next: object('ConfigMap', { immutable: true, data: { a: '2' } }),
  },
  'Secret type change': {
    group: '',
    live: object('Secret', { type: 'Opaque', data: { a: 'MQ==' } }),
    next: object('Secret', { type: 'kubernetes.io/tls', data: { a: 'MQ==' } }),
    message: 'type: Invalid value: "kubernetes.io/tls": field is immutable',
  },
  'immutable Secret data change': {
    group: '',
    live: object('Secret', { type: 'Opaque', immutable: true, data: { a: 'MQ==' } }),
    next: object('Secret', { type: 'Opaque', immutable: true, data: { a: 'Mg==' } }),
    message: `data: ${whenSet}`,
  },
  'PVC storage class change': {
    group: '',
    live: pvc({ storageClassName: 'standard' }),
    next: pvc({ storageClassName: 'fast' }),
    message: pvcForbidden,
  },
  'PVC resize, storage class set from none and volume bound': {
    group: '',
    live: pvc({}),
    next: pvc({
      resources: { requests: { storage: '2Gi' } },
      storageClassName: 'standard',
      volumeName: 'pv-1',
      volumeMode: 'Filesystem',
    }),
  },
  'Pod port change': {
    group: '',
    live: pod({}),
    next: pod({ containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] }),
    message: podForbidden,
  },
  'Pod extra container': {
    group: '',
    live: pod({}),
    next: pod({
      containers: [
        { name: 'web', image: 'nginx:1.25' },
        { name: 'side', image: 'busybox' },
      ],
    }),
    message: podForbidden,
  },
  'Pod toleration removed': {
    group: '',
    live: pod({ tolerations: [{ key: 'a', operator: 'Exists' }] }),
    next: pod({}),
    message: podForbidden,
  },
  'Pod image, deadline and added toleration': {
    group: '',
    live: pod({ tolerations: [{ key: 'a', operator: 'Exists' }] }),
    next: pod({
      containers: [{ name: 'web', image: 'nginx:1.27' }],
      activeDeadlineSeconds: 30,
      tolerations: [
        { key: 'a', operator: 'Exists' },
        { key: 'b', operator: 'Exists' },
      ],
    }),
  },
};

describe('immutable fields on update', () => {
  it.each(Object.entries(cases))('%s', (_, { group, live, next, message }) => {
    const type = typeOf(group, live.kind);
    if (message === undefined) {
      expect(immutableFieldCauses(type, live, next)).toEqual([]);
      expect(() => checkImmutableFields(type, live, next)).not.toThrow();
      return;
    }
    let thrown: unknown;
    try {
      checkImmutableFields(type, live, next);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StatusError);
    const status = (thrown as StatusError).toStatus() as any;
    expect(status).toMatchObject({ code: 422, reason: 'Invalid', status: 'Failure' });
    expect(status.message).toBe(`${live.kind}${group ? `.${group}` : ''} "web" is invalid: ${message}`);
    expect(status.details).toMatchObject({ name: 'web', group, kind: live.kind });
    const listed = status.details.causes.map((c: any) => `${c.field}: ${c.message}`);
    expect(listed.length === 1 ? listed[0] : `[${listed.join(', ')}]`).toBe(message);
    for (const cause of status.details.causes) expect(cause.type).toMatch(/^FieldValue(Invalid|Forbidden)$/);
  });

  it('leaves custom resources to their schema', () => {
    const live = object('Deployment', { spec: { selector: selector('a') } });
    const next = object('Deployment', { spec: { selector: selector('b') } });
    expect(immutableFieldCauses(typeOf('example.com', 'Deployment', false), live, next)).toEqual([]);
  });

  it('leaves kinds without immutable fields alone', () => {
    const live = object('ServiceAccount', { automountServiceAccountToken: true });
    const next = object('ServiceAccount', { automountServiceAccountToken: false });
    expect(immutableFieldCauses(typeOf('', 'ServiceAccount'), live, next)).toEqual([]);
  });
});

describe('formatBadValue', () => {
  it.each([
    ['a string', 'x"y', 'plain', '"x\\"y"'],
    ['a number', 3, 'plain', '3'],
    ['nothing', undefined, 'selector', '"null"'],
    [
      'an empty selector',
      {},
      'selector',
      'v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}',
    ],
    [
      'sorted labels',
      { matchLabels: { b: '2', a: '1' } },
      'selector',
      'v1.LabelSelector{MatchLabels:map[string]string{"a":"1", "b":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}',
    ],
    ['a string list', ['10.0.0.1', 'fd00::1'], 'strings', '[]string{"10.0.0.1", "fd00::1"}'],
  ] as const)('formats %s', (_, value, as, expected) => {
    expect(formatBadValue(value, as)).toBe(expected);
  });
});
