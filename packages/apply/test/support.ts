import { readFileSync } from 'node:fs';
import { type DevCluster, startDevCluster } from '@driftless/devcluster';
import { KubeClient, loadKubeConfig, type ResourceType } from '@driftless/runtime';
import { parseManifests, type Unstructured } from '../src/index.js';

export const types = {
  namespace: { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false },
  configMap: { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true },
  deployment: { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true },
} satisfies Record<string, ResourceType>;

export interface TestCluster {
  cluster: DevCluster;
  /** A client with its own field manager (`test`), standing in for people and other tools. */
  client: KubeClient;
}

export async function startTestCluster(): Promise<TestCluster> {
  const cluster = await startDevCluster({ port: 0, workloadDelayMs: 0 });
  const client = new KubeClient(loadKubeConfig({ kubeconfigPath: cluster.kubeconfigPath }), { fieldManager: 'test' });
  return { cluster, client };
}

let counter = 0;

/** A fresh namespace for one test. */
export async function createNamespace(client: KubeClient, prefix = 'apply'): Promise<string> {
  counter += 1;
  const name = `${prefix}-${process.pid}-${counter}`;
  await client.create(types.namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return name;
}

/** The objects of a fixture file, namespaced ones put into `namespace`. */
export function loadFixture(file: string, namespace?: string): Unstructured[] {
  const text = readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8');
  return parseManifests(text, { origin: file }).map((object) =>
    namespace && object.kind !== 'Namespace' && !object.metadata.namespace
      ? { ...object, metadata: { ...object.metadata, namespace } }
      : object,
  );
}

export function configMap(
  namespace: string,
  name: string,
  data: Record<string, string>,
  extra: Partial<Unstructured> = {},
): Unstructured {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data, ...extra };
}

export function withAnnotations(object: Unstructured, annotations: Record<string, string>): Unstructured {
  return {
    ...object,
    metadata: { ...object.metadata, annotations: { ...object.metadata.annotations, ...annotations } },
  };
}
