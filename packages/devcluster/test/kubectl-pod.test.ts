import { describe, expect, it } from 'vitest';
import { useToolCluster } from './harness.js';

const tools = useToolCluster({ workloadDelayMs: 20 });
let namespaceCounter = 0;

const ok = (args: string[], input?: string) => tools.ok('kubectl', args, input);
const getJson = async (args: string[]) => JSON.parse(await ok([...args, '-o', 'json']));

async function freshNamespace(): Promise<string> {
  const name = `pod${++namespaceCounter}-${Date.now().toString(36)}`;
  await ok(['create', 'namespace', name]);
  return name;
}

const pod = (name: string, restartPolicy: string, simulate?: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
${simulate ? `  annotations: {devcluster.driftless.io/simulate: ${simulate}}\n` : ''}spec:
  restartPolicy: ${restartPolicy}
  containers:
  - name: check
    image: busybox:1.37
`;

const waitPhase = (ns: string, name: string, phase: string) =>
  ok(['wait', '-n', ns, `--for=jsonpath={.status.phase}=${phase}`, `pod/${name}`, '--timeout=20s']);

describe('bare Pods in the dev cluster (kubectl)', () => {
  it('runs a Never pod to Succeeded; kubectl get shows Completed', async () => {
    const ns = await freshNamespace();
    await ok(['apply', '-n', ns, '-f', '-'], pod('ok', 'Never'));
    await waitPhase(ns, 'ok', 'Succeeded');
    const status = (await getJson(['get', 'pod', 'ok', '-n', ns])).status;
    expect(status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(await ok(['get', 'pod', 'ok', '-n', ns])).toMatch(/^ok\s+0\/1\s+Completed\s+0\s+/m);
  });

  it('fails a pod annotated fail with exit code 1; kubectl get shows Error', async () => {
    const ns = await freshNamespace();
    await ok(['apply', '-n', ns, '-f', '-'], pod('bad', 'Never', 'fail'));
    await waitPhase(ns, 'bad', 'Failed');
    const status = (await getJson(['get', 'pod', 'bad', '-n', ns])).status;
    expect(status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(await ok(['get', 'pod', 'bad', '-n', ns])).toMatch(/^bad\s+0\/1\s+Error\s+0\s+/m);
  });

  it('keeps a pending pod Pending and a default pod Running and Ready', async () => {
    const ns = await freshNamespace();
    await ok(['apply', '-n', ns, '-f', '-'], `${pod('stuck', 'Never', 'pending')}---\n${pod('web', 'Always')}`);
    await ok(['wait', '-n', ns, '--for=condition=Ready', 'pod/web', '--timeout=20s']);
    await waitPhase(ns, 'stuck', 'Pending');
    const web = (await getJson(['get', 'pod', 'web', '-n', ns])).status;
    expect(web.phase).toBe('Running');
    expect(web.conditions).toContainEqual(expect.objectContaining({ type: 'ContainersReady', status: 'True' }));
    expect(await ok(['get', 'pod', 'stuck', '-n', ns])).toMatch(/^stuck\s+0\/1\s+ContainerCreating\s+0\s+/m);
  });
});
