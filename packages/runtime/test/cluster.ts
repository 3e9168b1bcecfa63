import { type DevCluster, startDevCluster } from '@driftless/devcluster';
import { eventually } from '@driftless/testkit';
import { KubeClient, loadKubeConfig } from '../src/index.js';
// @ts-expect-error plain JavaScript fixture, shared with the child processes
import { greetingCrd } from './fixtures/greeting-controller.mjs';
import { builtinTypes } from './support.js';

const crdType = builtinTypes.customResourceDefinition;

/** A dev cluster with the Greeting CRD established, and a client for it. */
export async function startGreetingCluster(): Promise<{ cluster: DevCluster; client: KubeClient }> {
  const cluster = await startDevCluster({ port: 0, workloadDelayMs: 0 });
  const client = new KubeClient(loadKubeConfig({ kubeconfigPath: cluster.kubeconfigPath }), { fieldManager: 'test' });
  await client.create(crdType, greetingCrd);
  await eventually(async () => {
    const crd = await client.get<any>(crdType, undefined, greetingCrd.metadata.name);
    const established = crd.status?.conditions?.find((c: any) => c.type === 'Established');
    if (established?.status !== 'True') throw new Error('CRD not established yet');
  });
  return { cluster, client };
}
