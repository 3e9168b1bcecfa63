import { describe, expect, it } from 'vitest';
import { useToolCluster } from './harness.js';

const tools = useToolCluster({ workloadDelayMs: 20 });
let namespaceCounter = 0;

const kubectl = (args: string[], input?: string) => tools.run('kubectl', args, { input });
const ok = (args: string[], input?: string) => tools.ok('kubectl', args, input);
const getJson = async (args: string[]) => JSON.parse(await ok([...args, '-o', 'json']));

async function freshNamespace(): Promise<string> {
  const name = `imm${++namespaceCounter}-${Date.now().toString(36)}`;
  await ok(['create', 'namespace', name]);
  return name;
}

const job = (image: string) => `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    metadata:
      labels: {app: migrate}
    spec:
      restartPolicy: Never
      containers:
      - name: migrate
        image: ${image}
`;

const deployment = (app: string, image = 'nginx:1.25') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: ${app}}
  template:
    metadata:
      labels: {app: ${app}}
    spec:
      containers:
      - name: web
        image: ${image}
`;

const statefulSet = (serviceName: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: ${serviceName}
  replicas: 1
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: db
        image: postgres:16
`;

const configMap = (value: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
immutable: true
data:
  mode: ${value}
`;

const service = (clusterIP?: string) => `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
${clusterIP ? `  clusterIP: ${clusterIP}\n` : ''}  ports:
  - port: 80
`;

describe('immutable fields with the real kubectl', () => {
  it('rejects a server-side apply that changes a Job template, and keeps the Job', async () => {
    const ns = await freshNamespace();
    await ok(['apply', '--server-side', '-n', ns, '-f', '-'], job('busybox:1.36'));
    const before = await getJson(['get', 'job', 'migrate', '-n', ns]);

    const dryRun = await kubectl(
      ['apply', '--server-side', '--dry-run=server', '-n', ns, '-f', '-'],
      job('busybox:1.37'),
    );
    expect(dryRun.code).not.toBe(0);
    expect(dryRun.stderr).toContain('The Job "migrate" is invalid: spec.template: Invalid value:');

    const applied = await kubectl(['apply', '--server-side', '-n', ns, '-f', '-'], job('busybox:1.37'));
    expect(applied.code).not.toBe(0);
    expect(applied.stderr).toMatch(
      /The Job "migrate" is invalid: spec\.template: Invalid value: .*: field is immutable/,
    );

    // The dev cluster's job controller writes status in the background, so only the spec is compared.
    const after = await getJson(['get', 'job', 'migrate', '-n', ns]);
    expect(after.metadata.uid).toBe(before.metadata.uid);
    expect(after.metadata.generation).toBe(before.metadata.generation);
    expect(after.spec.template.spec.containers[0].image).toBe('busybox:1.36');
  });

  it('recreates the Job with apply --force, as the apply engine does on "field is immutable"', async () => {
    const ns = await freshNamespace();
    await ok(['apply', '-n', ns, '-f', '-'], job('busybox:1.36'));
    const before = await getJson(['get', 'job', 'migrate', '-n', ns]);

    await ok(['apply', '--force', '-n', ns, '-f', '-'], job('busybox:1.37'));

    const after = await getJson(['get', 'job', 'migrate', '-n', ns]);
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(after.spec.template.spec.containers[0].image).toBe('busybox:1.37');
  });

  it('rejects a changed Deployment selector on client-side apply, and allows a new image', async () => {
    const ns = await freshNamespace();
    await ok(['apply', '-n', ns, '-f', '-'], deployment('web'));

    const changed = await kubectl(['apply', '-n', ns, '-f', '-'], deployment('api'));
    expect(changed.code).not.toBe(0);
    expect(changed.stderr).toContain(
      'The Deployment "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"api"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );

    await ok(['apply', '-n', ns, '-f', '-'], deployment('web', 'nginx:1.27'));
    const live = await getJson(['get', 'deployment', 'web', '-n', ns]);
    expect(live.spec.template.spec.containers[0].image).toBe('nginx:1.27');
  });

  it('forbids replacing a StatefulSet with another serviceName', async () => {
    const ns = await freshNamespace();
    await ok(['apply', '-n', ns, '-f', '-'], statefulSet('db'));

    const replaced = await kubectl(['replace', '-n', ns, '-f', '-'], statefulSet('db-headless'));
    expect(replaced.code).not.toBe(0);
    expect(replaced.stderr).toContain(
      `The StatefulSet "db" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden`,
    );
  });

  it('keeps an immutable ConfigMap as it is', async () => {
    const ns = await freshNamespace();
    await ok(['apply', '-n', ns, '-f', '-'], configMap('a'));

    const changed = await kubectl(['apply', '-n', ns, '-f', '-'], configMap('b'));
    expect(changed.code).not.toBe(0);
    expect(changed.stderr).toContain(
      'ConfigMap "settings" is invalid: data: Forbidden: field is immutable when `immutable` is set',
    );
    expect((await getJson(['get', 'configmap', 'settings', '-n', ns])).data).toEqual({ mode: 'a' });

    const labelled = await kubectl(['label', 'configmap', 'settings', '-n', ns, 'team=web']);
    expect(labelled.code).toBe(0);
  });

  it('refuses to turn a Service headless in place', async () => {
    const ns = await freshNamespace();
    await ok(['apply', '-n', ns, '-f', '-'], service());

    const headless = await kubectl(['apply', '-n', ns, '-f', '-'], service('None'));
    expect(headless.code).not.toBe(0);
    expect(headless.stderr).toContain(
      'Service "web" is invalid: spec.clusterIPs[0]: Invalid value: []string{"None"}: may not change once set',
    );
  });

  it('answers a dry-run server-side apply with a 422 Status and its causes', async () => {
    const ns = await freshNamespace();
    await ok(['apply', '-n', ns, '-f', '-'], configMap('a'));
    const before = await getJson(['get', 'configmap', 'settings', '-n', ns]);

    const response = await fetch(
      `${tools.cluster.url}/api/v1/namespaces/${ns}/configmaps/settings?fieldManager=test&dryRun=All&force=true`,
      {
        method: 'PATCH',
        headers: { 'content-type': 'application/apply-patch+yaml' },
        body: configMap('b').replace('immutable: true', 'immutable: false'),
      },
    );
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'ConfigMap "settings" is invalid: [immutable: Forbidden: field is immutable when `immutable` is set, data: Forbidden: field is immutable when `immutable` is set]',
      reason: 'Invalid',
      details: {
        name: 'settings',
        group: '',
        kind: 'ConfigMap',
        causes: [
          {
            type: 'FieldValueForbidden',
            field: 'immutable',
            message: 'Forbidden: field is immutable when `immutable` is set',
          },
          {
            type: 'FieldValueForbidden',
            field: 'data',
            message: 'Forbidden: field is immutable when `immutable` is set',
          },
        ],
      },
      code: 422,
    });
    const after = await getJson(['get', 'configmap', 'settings', '-n', ns]);
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });
});
