import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConditionType, FluxFinalizer, type HelmRepository, Kind } from '@driftless/api';
import { OciError, parseOciUrl } from '@driftless/oci';
import { markTrue, type ReconcileContext, type Reconciler } from '@driftless/runtime';
import { type HelmCredentials, helmCredentialsFromSecrets } from '../helm/helm-credentials.js';
import { HelmError } from '../helm/helm-errors.js';
import { fetchIndex, type IndexArtifact, indexArtifact } from '../helm/repository-index.js';
import { readSecretData } from '../secrets.js';
import { markOutdated, markReady, recordArtifact } from './artifact-record.js';
import { storeFile } from './artifact-store.js';
import { asFetchFailure } from './fetch-failure.js';
import { fetchSignal, type SourceDeps, storageRef } from './source-object.js';
import { helmRepositoryType } from './source-types.js';
import { reconcileStorage } from './storage-step.js';

export type HelmRepositoryObject = HelmRepository & { metadata: { name: string } };

interface HelmRepositoryState {
  index?: IndexArtifact;
  indexSize?: number;
}

export const OciRepositoryType = 'oci';

/** The basic auth and TLS of a HelmRepository, from its `secretRef` and `certSecretRef`. */
export async function helmRepositoryCredentials(
  ctx: ReconcileContext,
  repository: HelmRepositoryObject,
): Promise<HelmCredentials> {
  const namespace = repository.metadata.namespace ?? '';
  const read = (name: string | undefined) => (name ? readSecretData(ctx.client, namespace, name) : undefined);
  return helmCredentialsFromSecrets({
    auth: await read(repository.spec.secretRef?.name),
    cert: await read(repository.spec.certSecretRef?.name),
  });
}

/** HelmRepository: `default` fetches index.yaml as the artifact; `oci` has none (charts are pulled per HelmChart). */
export function helmRepositoryReconciler(deps: SourceDeps): Reconciler<HelmRepositoryObject, HelmRepositoryState> {
  async function reconcileSource(ctx: ReconcileContext, object: HelmRepositoryObject, state: HelmRepositoryState) {
    if (object.spec.type === OciRepositoryType) {
      await asFetchFailure(object, [OciError], async () => parseOciUrl(object.spec.url));
      delete object.status?.artifact;
      markTrue(object, ConditionType.Ready, 'Succeeded', 'Helm repository is ready');
      return;
    }
    const credentials = await helmRepositoryCredentials(ctx, object);
    const { bytes, index } = await asFetchFailure(object, [HelmError], () =>
      fetchIndex({
        url: object.spec.url,
        credentials,
        passCredentials: object.spec.passCredentials ?? false,
        signal: fetchSignal(ctx.signal, object.spec.timeout),
        maxBytes: deps.limits.helmIndexMaxSize,
      }),
    );
    state.index = indexArtifact(index, bytes);
    state.indexSize = bytes.length;
    markOutdated(object, state.index.revision);
  }

  async function reconcileArtifact(ctx: ReconcileContext, object: HelmRepositoryObject, state: HelmRepositoryState) {
    const index = state.index;
    if (!index) return;
    if (object.status?.artifact?.revision === index.revision) {
      markReady(object);
      return;
    }
    const scratch = await mkdtemp(join(deps.scratchRoot, 'index-'));
    try {
      await writeFile(join(scratch, index.fileName), index.content);
      const artifact = await storeFile(deps, object, {
        kind: Kind.HelmRepository,
        file: join(scratch, index.fileName),
        fileName: index.fileName,
        revision: index.revision,
      });
      object.status ??= {};
      object.status.url = artifact.url;
      await recordArtifact(
        ctx,
        object,
        artifact,
        `stored fetched index of size ${state.indexSize ?? 0} bytes from '${object.spec.url}'`,
      );
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  return {
    type: helmRepositoryType,
    finalizer: FluxFinalizer,
    newState: () => ({}),
    steps: [reconcileStorage(Kind.HelmRepository, deps), reconcileSource, reconcileArtifact],
    async cleanup(_ctx, object) {
      await deps.storage.remove(storageRef(Kind.HelmRepository, object));
    },
    eventMetadata: (object) => ({ revision: object.status?.artifact?.revision ?? '' }),
    announceSuccess: false,
  };
}
