import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HelmRelease } from '@driftless/api';
import { Action, createApiReader, ResourceManager, refOf, subjectOf, type Unstructured } from '@driftless/apply';
import { defaultFetchArtifactOptions, fetchArtifact } from '@driftless/artifact';
import {
  type ActionDeps,
  clusterValuesReader,
  composeValues,
  createReleaseStorage,
  inReleaseNamespace,
  objectsOfManifest,
  releaseNameOf,
  renderRelease,
  renderRequestOf,
  type StorageDriver,
  storageNamespaceOf,
  withOwnership,
} from '@driftless/helm';
import type { KubeClient, ResourceType } from '@driftless/runtime';
import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';

export interface DiffHelmReleaseOptions {
  namespace: string;
  name: string;
  helmBinary: string;
  kubectlBinary: string;
  kubeconfigPath?: string;
  storageDriver: StorageDriver;
  /** Largest chart downloaded and largest helm output accepted. */
  maxBytes: number;
}

export interface ObjectDiff {
  subject: string;
  action: 'created' | 'configured' | 'deleted';
  /** A unified diff of the object as it is and as the upgrade would leave it. */
  patch: string;
}

type NamedHelmRelease = HelmRelease & { metadata: { name: string; namespace: string } };

const sourceTypes: Record<string, ResourceType> = {
  HelmChart: {
    group: 'source.toolkit.fluxcd.io',
    version: 'v1',
    kind: 'HelmChart',
    plural: 'helmcharts',
    namespaced: true,
  },
  OCIRepository: {
    group: 'source.toolkit.fluxcd.io',
    version: 'v1',
    kind: 'OCIRepository',
    plural: 'ocirepositories',
    namespaced: true,
  },
};
const helmReleaseType: ResourceType = {
  group: 'helm.toolkit.fluxcd.io',
  version: 'v2',
  kind: 'HelmRelease',
  plural: 'helmreleases',
  namespaced: true,
};

/**
 * What an upgrade of a HelmRelease would change, without changing anything: the chart its source
 * holds now, rendered by the real helm with the values in the cluster now, compared object by object
 * with the cluster by server-side dry-run; objects the current release has and the new one drops are deleted.
 */
export async function diffHelmRelease(client: KubeClient, options: DiffHelmReleaseOptions): Promise<ObjectDiff[]> {
  const object = await client.get<NamedHelmRelease>(helmReleaseType, options.namespace, options.name);
  const scratch = await mkdtemp(join(tmpdir(), 'driftless-diff-'));
  try {
    const chartPath = await downloadChart(client, object, scratch, options.maxBytes);
    const values = await composeValues(
      clusterValuesReader(client, object.metadata.namespace),
      object.spec.valuesFrom,
      object.spec.values as Record<string, unknown> | undefined,
    );
    const rendered = await renderRelease(renderRequestOf(object, chartPath, values), {
      helmBinary: options.helmBinary,
      kubectlBinary: options.kubectlBinary,
      scratchDir: scratch,
      kubeconfigPath: options.kubeconfigPath,
      maxOutputBytes: options.maxBytes,
    });
    const storage = createReleaseStorage(client, {
      driver: options.storageDriver,
      namespace: storageNamespaceOf(object),
    });
    const manager = new ResourceManager({ client });
    const deps: ActionDeps = { client, manager, storage, reader: createApiReader(client, manager.mapper) };
    const release = rendered.release;
    const desired = (await inReleaseNamespace(deps, rendered.objects, release.namespace)).map((manifest) =>
      withOwnership(manifest, release),
    );
    const diffs: ObjectDiff[] = [];
    for (const manifest of desired) {
      const result = await manager.diff(manifest);
      if (result.action === Action.Unchanged) continue;
      const subject = subjectOf(refOf(manifest));
      const before = result.live ? toYaml(result.live) : '';
      diffs.push({
        subject,
        action: result.action === Action.Created ? 'created' : 'configured',
        patch: createTwoFilesPatch(`live/${subject}`, `desired/${subject}`, before, toYaml(result.merged)),
      });
    }
    const current = await storage.last(releaseNameOf(object));
    if (current) {
      const kept = new Set(desired.map((manifest) => subjectOf(refOf(manifest))));
      for (const old of await objectsOfManifest(deps, current.manifest, current.namespace)) {
        const subject = subjectOf(refOf(old));
        if (kept.has(subject)) continue;
        const live = await manager.get(old);
        if (!live) continue;
        diffs.push({
          subject,
          action: 'deleted',
          patch: createTwoFilesPatch(`live/${subject}`, `desired/${subject}`, toYaml(live), ''),
        });
      }
    }
    return diffs;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The chart artifact of the HelmRelease's source, downloaded and checked against its digest. */
async function downloadChart(
  client: KubeClient,
  object: NamedHelmRelease,
  scratch: string,
  maxBytes: number,
): Promise<string> {
  const ref = object.spec.chart
    ? {
        kind: 'HelmChart',
        namespace: object.spec.chart.spec.sourceRef.namespace ?? object.metadata.namespace,
        name: `${object.metadata.namespace}-${object.metadata.name}`,
      }
    : object.spec.chartRef && {
        kind: object.spec.chartRef.kind,
        namespace: object.spec.chartRef.namespace ?? object.metadata.namespace,
        name: object.spec.chartRef.name,
      };
  const type = ref && sourceTypes[ref.kind];
  if (!ref || !type)
    throw new Error(
      `HelmRelease ${object.metadata.namespace}/${object.metadata.name} has no chart source this command can read`,
    );
  const source = await client.get<{ status?: { artifact?: { url: string; digest: string } } } & Unstructured>(
    type,
    ref.namespace,
    ref.name,
  );
  const artifact = source.status?.artifact;
  if (!artifact) throw new Error(`${ref.kind} ${ref.namespace}/${ref.name} has no artifact yet`);
  const path = join(scratch, 'chart.tgz');
  await fetchArtifact(artifact.url, {
    ...defaultFetchArtifactOptions(),
    destination: path,
    digest: artifact.digest,
    maxSize: maxBytes,
  });
  return path;
}

/** The object without what the server keeps for itself, as YAML. */
function toYaml(object: Unstructured): string {
  const { status: _status, metadata, ...rest } = object;
  const { managedFields: _m, resourceVersion: _r, uid: _u, creationTimestamp: _c, generation: _g, ...meta } = metadata;
  return stringify({ ...rest, metadata: meta }, { sortMapEntries: true });
}
