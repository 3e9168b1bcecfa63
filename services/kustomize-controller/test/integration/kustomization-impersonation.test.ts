import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  condition,
  configMapType,
  configMapYaml,
  type KustomizeHarness,
  kustomization,
  kustomizationType,
  notReadyWith,
  ready,
  startKustomizeHarness,
  type,
  waitFor,
} from './harness.js';

const serviceAccountType = type('', 'v1', 'ServiceAccount', 'serviceaccounts');
const roleType = type('rbac.authorization.k8s.io', 'v1', 'Role', 'roles');
const roleBindingType = type('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings');

describe('Kustomization: serviceAccountName (impersonation, dev cluster with RBAC)', () => {
  let h: KustomizeHarness;
  beforeAll(async () => {
    h = await startKustomizeHarness({ rbac: true });
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function deployerWithConfigMapRights(ns: string): Promise<void> {
    await h.client.create(serviceAccountType, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'deployer', namespace: ns },
    });
    await h.client.create(roleType, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'configmaps', namespace: ns },
      rules: [
        {
          apiGroups: [''],
          resources: ['configmaps'],
          verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
        },
      ],
    });
    await h.client.create(roleBindingType, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'deployer-configmaps', namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'configmaps' },
      subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace: ns }],
    });
  }

  it('applies as the service account what it may, and is denied what it may not', async () => {
    const ns = await h.namespace();
    await deployerWithConfigMapRights(ns);
    await h.repository(ns, 'repo', {
      'allowed/settings.yaml': configMapYaml('settings', { a: '1' }, ns),
      'denied/secret.yaml': `apiVersion: v1
kind: Secret
metadata:
  name: not-yours
  namespace: ${ns}
stringData:
  a: b
`,
    });
    await h.client.create(
      kustomizationType,
      kustomization(ns, 'allowed', { path: './allowed', serviceAccountName: 'deployer' }),
    );
    await waitFor(h.client, kustomizationType, ns, 'allowed', ready);
    await expect(h.client.get(configMapType, ns, 'settings')).resolves.toBeDefined();

    await h.client.create(
      kustomizationType,
      kustomization(ns, 'denied', { path: './denied', serviceAccountName: 'deployer' }),
    );
    const denied = await waitFor(h.client, kustomizationType, ns, 'denied', notReadyWith('ReconciliationFailed'));
    expect(condition(denied, 'Ready')?.message).toMatch(/forbidden/i);
    expect(condition(denied, 'Ready')?.message).toContain(`system:serviceaccount:${ns}:deployer`);
  });
});
