import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRestMapper, UnknownKindError, type Unstructured } from '../src/index.js';
import { loadFixture, startTestCluster, type TestCluster } from './support.js';

let env: TestCluster;

beforeAll(async () => {
  env = await startTestCluster();
});

afterAll(async () => {
  await env?.cluster.stop();
});

const crdType = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  kind: 'CustomResourceDefinition',
  plural: 'customresourcedefinitions',
  namespaced: false,
};

describe('createRestMapper', () => {
  it('maps built-in kinds of the core and named groups', async () => {
    const mapper = createRestMapper(env.client);
    expect(await mapper.resourceFor('v1', 'ConfigMap')).toEqual({
      group: '',
      version: 'v1',
      kind: 'ConfigMap',
      plural: 'configmaps',
      namespaced: true,
    });
    expect(await mapper.resourceFor('rbac.authorization.k8s.io/v1', 'ClusterRole')).toMatchObject({
      plural: 'clusterroles',
      namespaced: false,
    });
    await expect(mapper.resourceFor('apps/v1', 'Deploymnet')).rejects.toThrow(
      'no matches for kind "Deploymnet" in version "apps/v1"',
    );
  });

  it('finds a kind whose CRD appeared after the group/version was read, without a reset', async () => {
    const mapper = createRestMapper(env.client);
    await expect(mapper.resourceFor('example.com/v1', 'Widget')).rejects.toThrow(UnknownKindError);
    const [crd] = loadFixture('widgets.yaml') as [Unstructured];
    await env.client.create(crdType, crd);
    expect(await mapper.resourceFor('example.com/v1', 'Widget')).toEqual({
      group: 'example.com',
      version: 'v1',
      kind: 'Widget',
      plural: 'widgets',
      namespaced: true,
    });
  });
});
