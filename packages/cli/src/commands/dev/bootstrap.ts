import { buildCrd, kindDefinitions } from '@driftless/api';
import { type KubeClient, type KubeObject, PatchType, type ResourceType } from '@driftless/runtime';
import { crdType, fluxResourceType, namespaceType } from '../../context/resource-types.js';

async function serverSideApply(client: KubeClient, type: ResourceType, object: KubeObject): Promise<void> {
  await client.patch(
    type,
    { namespace: object.metadata.namespace, name: object.metadata.name },
    { apiVersion: type.group ? `${type.group}/${type.version}` : type.version, kind: type.kind, ...object },
    { patchType: PatchType.Apply, force: true, fieldManager: 'driftless-dev' },
  );
}

/** Installs (or updates) the CRDs of every Flux kind, as `driftless install` would. */
export async function installCrds(client: KubeClient): Promise<void> {
  for (const definition of kindDefinitions) {
    await serverSideApply(client, crdType, buildCrd(definition) as unknown as KubeObject);
  }
}

export interface BootstrapSettings {
  gitUrl: string;
  registry: string;
  webhookUrl: string;
}

/**
 * What `flux bootstrap` would leave in the cluster: the GitRepository of the examples and the
 * Kustomization applying `./clusters/dev` from it, with the local addresses substituted into it.
 */
export async function applyBootstrap(client: KubeClient, settings: BootstrapSettings): Promise<void> {
  await serverSideApply(client, namespaceType, { metadata: { name: 'flux-system' } });
  await serverSideApply(client, fluxResourceType('GitRepository'), {
    metadata: { name: 'examples', namespace: 'flux-system' },
    spec: { interval: '1m', url: `${settings.gitUrl}/examples.git`, ref: { branch: 'main' } },
  });
  await serverSideApply(client, fluxResourceType('Kustomization'), {
    metadata: { name: 'examples', namespace: 'flux-system' },
    spec: {
      interval: '10m',
      retryInterval: '30s',
      sourceRef: { kind: 'GitRepository', name: 'examples' },
      path: './clusters/dev',
      prune: true,
      postBuild: {
        substitute: { GIT_URL: settings.gitUrl, REGISTRY: settings.registry, WEBHOOK_URL: settings.webhookUrl },
      },
    },
  });
}
