import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { eventually } from './eventually.js';
import { useToolCluster } from './harness.js';
import { toolPath, writeFile } from './tools.js';

const tools = useToolCluster({ workloadDelayMs: 20 });
let namespaceCounter = 0;

const kubectl = (args: string[], input?: string, extraEnv?: Record<string, string>) =>
  tools.run('kubectl', args, { input, extraEnv });
const ok = (args: string[], input?: string) => tools.ok('kubectl', args, input);

const getJson = async (args: string[]) => JSON.parse(await ok([...args, '-o', 'json']));

async function freshNamespace(): Promise<string> {
  const name = `t${++namespaceCounter}-${Date.now().toString(36)}`;
  await ok(['create', 'namespace', name]);
  return name;
}

const deployment = (name: string, image: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: {app: ${name}}
spec:
  replicas: 2
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: web
        image: ${image}
        ports:
        - containerPort: 80
        env:
        - {name: MODE, value: demo}
${extra}`;

describe('kubectl against the dev cluster', () => {
  it('lists api-resources with built-ins', async () => {
    const out = await ok(['api-resources']);
    expect(out).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    expect(out).toMatch(/^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
    expect(out).toMatch(/customresourcedefinitions/);
  });

  it('starts with the standard namespaces', async () => {
    const out = await ok(['get', 'namespaces', '-o', 'name']);
    for (const name of ['default', 'kube-system', 'kube-public']) expect(out).toContain(`namespace/${name}`);
  });

  it('applies client-side, then re-applies a change and a removal', async () => {
    const ns = await freshNamespace();
    await ok(['apply', '-n', ns, '-f', '-'], deployment('web', 'nginx:1.25'));
    const first = await getJson(['get', 'deployment', 'web', '-n', ns]);
    expect(first.spec.template.spec.containers[0].image).toBe('nginx:1.25');
    expect(first.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toBeDefined();

    const changed = deployment('web', 'nginx:1.27').replace(/\s+env:\n\s+- \{name: MODE, value: demo\}\n/, '\n');
    const out = await ok(['apply', '-n', ns, '-f', '-'], changed);
    expect(out).toContain('deployment.apps/web configured');
    const second = await getJson(['get', 'deployment', 'web', '-n', ns]);
    expect(second.spec.template.spec.containers[0].image).toBe('nginx:1.27');
    expect(second.spec.template.spec.containers[0].env).toBeUndefined();
    expect(second.metadata.generation).toBe(2);

    const unchanged = await ok(['apply', '-n', ns, '-f', '-'], changed);
    expect(unchanged).toContain('deployment.apps/web unchanged');
  });

  it('applies server-side with managed fields, conflicts and force', async () => {
    const ns = await freshNamespace();
    const config = (replicas: number, data: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: ${ns}, labels: {tier: backend}}
data: {${data}}
---
${deployment('api', 'busybox:1').replace('replicas: 2', `replicas: ${replicas}`).replace('name: api', `name: api\n  namespace: ${ns}`)}`;
    expect(await ok(['apply', '--server-side', '-f', '-'], config(2, 'a: "1", b: "2"'))).toContain(
      'serverside-applied',
    );
    const cm = await getJson(['get', 'configmap', 'settings', '-n', ns, '--show-managed-fields']);
    const entry = cm.metadata.managedFields.find((f: { manager: string }) => f.manager === 'kubectl');
    expect(entry.operation).toBe('Apply');
    expect(entry.fieldsV1).toEqual({
      'f:data': { 'f:a': {}, 'f:b': {} },
      'f:metadata': { 'f:labels': { 'f:tier': {} } },
    });

    await ok(['apply', '--server-side', '-f', '-'], config(2, 'a: "1"'));
    expect((await getJson(['get', 'configmap', 'settings', '-n', ns])).data).toEqual({ a: '1' });

    await ok(['scale', 'deployment', 'api', '-n', ns, '--replicas=5']);
    const conflict = await kubectl(['apply', '--server-side', '-f', '-'], config(3, 'a: "1"'));
    expect(conflict.code).not.toBe(0);
    expect(conflict.stderr).toMatch(/conflict/i);
    expect(conflict.stderr).toContain('.spec.replicas');

    await ok(['apply', '--server-side', '--force-conflicts', '-f', '-'], config(3, 'a: "1"'));
    expect((await getJson(['get', 'deployment', 'api', '-n', ns])).spec.replicas).toBe(3);
  });

  it('diffs server-side against the live object', async () => {
    const ns = await freshNamespace();
    await ok(['apply', '--server-side', '-n', ns, '-f', '-'], deployment('d', 'nginx:1'));
    const same = await kubectl(['diff', '--server-side', '-n', ns, '-f', '-'], deployment('d', 'nginx:1'));
    expect(same.code).toBe(0);
    const changed = await kubectl(['diff', '--server-side', '-n', ns, '-f', '-'], deployment('d', 'nginx:2'));
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain('+        image: nginx:2');
    expect((await getJson(['get', 'deployment', 'd', '-n', ns])).spec.template.spec.containers[0].image).toBe(
      'nginx:1',
    );
  });

  it('patches with merge, JSON and strategic merge patches', async () => {
    const ns = await freshNamespace();
    await ok(['apply', '-n', ns, '-f', '-'], deployment('p', 'nginx:1'));
    const patch = (type: 'merge' | 'json' | 'strategic', body: string) =>
      ok(['patch', 'deployment', 'p', '-n', ns, '--type', type, '-p', body]);
    await patch('merge', '{"metadata":{"labels":{"merged":"yes"}}}');
    await patch('json', '[{"op":"replace","path":"/spec/replicas","value":4}]');
    await patch('strategic', '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"envoy:1"}]}}}}');
    const patched = await getJson(['get', 'deployment', 'p', '-n', ns]);
    expect(patched.metadata.labels.merged).toBe('yes');
    expect(patched.spec.replicas).toBe(4);
    expect(patched.spec.template.spec.containers.map((c: { name: string }) => c.name).sort()).toEqual([
      'sidecar',
      'web',
    ]);
  });

  it('scales, and the simulator reports the workload ready', async () => {
    const ns = await freshNamespace();
    await ok(['apply', '-n', ns, '-f', '-'], deployment('s', 'nginx:1'));
    await ok(['scale', 'deployment', 's', '-n', ns, '--replicas=3']);
    await ok(['rollout', 'status', 'deployment/s', '-n', ns, '--timeout=20s']);
    const status = (await getJson(['get', 'deployment', 's', '-n', ns])).status;
    expect(status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3 });
    const table = await ok(['get', 'deployment', 's', '-n', ns]);
    expect(table).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/m);
    expect(table).toMatch(/^s\s+3\/3\s+3\s+3\s+/m);
  });

  it('labels, annotates and edits', async () => {
    const ns = await freshNamespace();
    await ok(['create', 'configmap', 'c', '-n', ns, '--from-literal=greeting=hello']);
    await ok(['label', 'configmap', 'c', '-n', ns, 'team=platform']);
    await ok(['annotate', 'configmap', 'c', '-n', ns, 'owner=alice']);
    const editor = writeFile(tools.home, 'editor.sh', '#!/bin/sh\nsed -i "s/greeting: hello/greeting: edited/" "$1"\n');
    const edited = await kubectl(['edit', 'configmap', 'c', '-n', ns], undefined, {
      EDITOR: `sh ${editor}`,
      KUBE_EDITOR: `sh ${editor}`,
    });
    expect(edited.code, edited.stderr).toBe(0);
    const cm = await getJson(['get', 'configmap', 'c', '-n', ns]);
    expect(cm.metadata.labels.team).toBe('platform');
    expect(cm.metadata.annotations.owner).toBe('alice');
    expect(cm.data.greeting).toBe('edited');
    expect(await ok(['get', 'configmaps', '-n', ns, '-l', 'team=platform', '-o', 'name'])).toBe('configmap/c\n');
  });

  it('stores a Secret’s stringData as base64 data, as the API server does', async () => {
    const ns = await freshNamespace();
    await ok(
      ['apply', '-n', ns, '-f', '-'],
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\nstringData:\n  username: flux\ndata:\n  other: eA==\n',
    );
    const secret = await getJson(['get', 'secret', 'creds', '-n', ns]);
    expect(secret.data).toEqual({ username: Buffer.from('flux').toString('base64'), other: 'eA==' });
    expect(secret.stringData).toBeUndefined();
    expect(secret.type).toBe('Opaque');
  });

  it('deletes objects', async () => {
    const ns = await freshNamespace();
    await ok(['create', 'configmap', 'gone', '-n', ns]);
    expect(await ok(['delete', 'configmap', 'gone', '-n', ns])).toContain('deleted');
    const missing = await kubectl(['get', 'configmap', 'gone', '-n', ns]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('configmaps "gone" not found');
  });

  it('watches with get -w and sees updates', async () => {
    const ns = await freshNamespace();
    const watcher = spawn(toolPath('kubectl'), ['get', 'configmaps', '-n', ns, '-w', '-o', 'name'], {
      env: { PATH: process.env.PATH, HOME: tools.home, KUBECONFIG: tools.cluster.kubeconfigPath },
    });
    let output = '';
    watcher.stdout.on('data', (chunk) => {
      output += chunk;
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await ok(['create', 'configmap', 'first', '-n', ns]);
      await ok(['label', 'configmap', 'first', '-n', ns, 'changed=yes']);
      await ok(['create', 'configmap', 'second', '-n', ns]);
      await eventually(() => {
        expect(output).toContain('configmap/first');
        expect(output).toContain('configmap/second');
        expect(output.match(/configmap\/first/g)!.length).toBeGreaterThanOrEqual(2);
      });
    } finally {
      watcher.kill();
    }
  });

  it('finishes deletion only when finalizers are removed', async () => {
    const ns = await freshNamespace();
    await ok(
      ['apply', '-n', ns, '-f', '-'],
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: held, finalizers: [example.com/hold]}\n`,
    );
    await ok(['delete', 'configmap', 'held', '-n', ns, '--wait=false']);
    const held = await getJson(['get', 'configmap', 'held', '-n', ns]);
    expect(held.metadata.deletionTimestamp).toBeDefined();
    await ok(['patch', 'configmap', 'held', '-n', ns, '--type', 'merge', '-p', '{"metadata":{"finalizers":null}}']);
    expect((await kubectl(['get', 'configmap', 'held', '-n', ns])).code).toBe(1);
  });

  it('deletes a namespace with everything in it', async () => {
    const ns = await freshNamespace();
    await ok(['apply', '-n', ns, '-f', '-'], deployment('inside', 'nginx:1'));
    await ok(['create', 'secret', 'generic', 'token', '-n', ns, '--from-literal=k=v']);
    await ok(['delete', 'namespace', ns, '--timeout=30s']);
    expect((await kubectl(['get', 'namespace', ns])).code).toBe(1);
    expect(await ok(['get', 'deployments,secrets,replicasets', '-n', ns, '-o', 'name'])).toBe('');
    const rejected = await kubectl(['create', 'configmap', 'late', '-n', ns]);
    expect(rejected.stderr).toContain(`namespaces "${ns}" not found`);
  });

  it('collects garbage through ownerReferences', async () => {
    const ns = await freshNamespace();
    await ok(['create', 'configmap', 'owner', '-n', ns]);
    const owner = await getJson(['get', 'configmap', 'owner', '-n', ns]);
    await ok(
      ['apply', '-n', ns, '-f', '-'],
      `apiVersion: v1
kind: Secret
metadata:
  name: dependent
  ownerReferences:
  - {apiVersion: v1, kind: ConfigMap, name: owner, uid: ${owner.metadata.uid}}
stringData: {k: v}
`,
    );
    await ok(['apply', '-n', ns, '-f', '-'], deployment('owned', 'nginx:1'));
    await eventually(async () =>
      expect(await ok(['get', 'replicasets', '-n', ns, '-o', 'name'])).toMatch(/replicaset.apps\/owned-/),
    );
    await ok(['delete', 'configmap', 'owner', '-n', ns]);
    await ok(['delete', 'deployment', 'owned', '-n', ns]);
    await eventually(async () => {
      expect((await kubectl(['get', 'secret', 'dependent', '-n', ns])).code).toBe(1);
      expect(await ok(['get', 'replicasets', '-n', ns, '-o', 'name'])).toBe('');
    });
  });
});
