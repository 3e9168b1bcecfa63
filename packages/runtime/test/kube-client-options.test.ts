import { type DevCluster, startDevCluster } from '@driftless/devcluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeApiError, KubeClient, loadKubeConfig, PatchType, type ResourceType } from '../src/index.js';
import { builtinTypes } from './support.js';

const rbac = (kind: string, plural: string): ResourceType => ({
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  kind,
  plural,
  namespaced: true,
});
const roleType = rbac('Role', 'roles');
const roleBindingType = rbac('RoleBinding', 'rolebindings');
const namespace = 'team';

let cluster: DevCluster;
let admin: KubeClient;

beforeAll(async () => {
  cluster = await startDevCluster({ port: 0, rbac: true, workloadDelayMs: 0 });
  admin = new KubeClient(loadKubeConfig({ kubeconfigPath: cluster.kubeconfigPath }), { fieldManager: 'test' });
  await admin.create(builtinTypes.namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  await admin.create(builtinTypes.configMap, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', namespace },
    data: { greeting: 'hello' },
  });
  await admin.create(roleType, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'config-reader', namespace },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }],
  });
  await admin.create(roleBindingType, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'config-readers', namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'config-reader' },
    subjects: [
      { kind: 'ServiceAccount', name: 'deployer', namespace },
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'readers' },
    ],
  });
});

afterAll(async () => {
  await cluster?.stop();
});

async function statusOf(request: Promise<unknown>): Promise<number> {
  try {
    await request;
    return 200;
  } catch (error) {
    if (error instanceof KubeApiError) return error.statusCode;
    throw error;
  }
}

describe('KubeClient options', () => {
  it('impersonates a service account with withOptions, leaving the original client as it was', async () => {
    const deployer = admin.withOptions({ impersonate: { user: `system:serviceaccount:${namespace}:deployer` } });
    expect(deployer.options.fieldManager).toBe('test');
    expect(await statusOf(deployer.get(builtinTypes.configMap, namespace, 'settings'))).toBe(200);
    expect(await statusOf(deployer.list(builtinTypes.secret, { namespace }))).toBe(403);
    expect(await statusOf(admin.list(builtinTypes.secret, { namespace }))).toBe(200);
  });

  it('sends impersonated groups', async () => {
    const inGroup = admin.withOptions({ impersonate: { user: 'jane', groups: ['readers'] } });
    const alone = admin.withOptions({ impersonate: { user: 'jane' } });
    expect(await statusOf(inGroup.get(builtinTypes.configMap, namespace, 'settings'))).toBe(200);
    expect(await statusOf(alone.get(builtinTypes.configMap, namespace, 'settings'))).toBe(403);
  });

  it('dry-runs a patch without changing the object', async () => {
    const target = { namespace, name: 'settings' };
    const answer = await admin.patch<any>(
      builtinTypes.configMap,
      target,
      { data: { greeting: 'dry' } },
      {
        patchType: PatchType.Merge,
        dryRun: true,
      },
    );
    expect(answer.data.greeting).toBe('dry');
    const live = await admin.get<any>(builtinTypes.configMap, namespace, 'settings');
    expect(live.data.greeting).toBe('hello');
  });

  it('writes with the field manager a patch names', async () => {
    const target = { namespace, name: 'settings' };
    await admin.patch(
      builtinTypes.configMap,
      target,
      { data: { edited: 'yes' } },
      {
        patchType: PatchType.Merge,
        fieldManager: 'kubectl-edit',
      },
    );
    await admin.patch(
      builtinTypes.configMap,
      target,
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: target, data: { applied: 'yes' } },
      { patchType: PatchType.Apply, fieldManager: 'other-controller' },
    );
    const live = await admin.get<any>(builtinTypes.configMap, namespace, 'settings');
    const managers = live.metadata.managedFields.map((entry: any) => `${entry.manager}/${entry.operation}`);
    expect(managers).toEqual(expect.arrayContaining(['kubectl-edit/Update', 'other-controller/Apply']));
    expect(managers).not.toContain('test/Apply');
  });
});
