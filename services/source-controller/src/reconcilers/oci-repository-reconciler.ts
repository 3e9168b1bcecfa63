import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { FluxFinalizer, Kind, type OCIRepository } from '@driftless/api';
import {
  createRegistryClient,
  credentialsFromDockerConfig,
  OciError,
  parseOciUrl,
  type RegistryClient,
  type RegistryCredentials,
} from '@driftless/oci';
import type { ReconcileContext, Reconciler } from '@driftless/runtime';
import { sourceIgnoreFilter } from '../archive/source-ignore.js';
import { LayerOperation, type PulledOciArtifact, pullOciArtifact, resolveOciRef } from '../oci/oci-artifact.js';
import { readSecretData } from '../secrets.js';
import { markOutdated, markReady, recordArtifact } from './artifact-record.js';
import { storeDirectory, storeFile } from './artifact-store.js';
import { asFetchFailure } from './fetch-failure.js';
import { fetchSignal, type SourceDeps, storageRef } from './source-object.js';
import { ociRepositoryType } from './source-types.js';
import { reconcileStorage } from './storage-step.js';

type OCIRepositoryObject = OCIRepository & { metadata: { name: string } };

interface OciState {
  scratch?: string;
  pulled?: PulledOciArtifact;
}

/** OCIRepository: resolves the ref (one manifest HEAD); pulls and stores the layer only when it changed. */
export function ociRepositoryReconciler(deps: SourceDeps): Reconciler<OCIRepositoryObject, OciState> {
  async function reconcileSource(ctx: ReconcileContext, object: OCIRepositoryObject, state: OciState) {
    const { client, repository } = await asFetchFailure(object, [OciError], () => registryFor(ctx, object));
    const resolved = await asFetchFailure(object, [OciError], () => resolveOciRef(client, repository, object.spec.ref));
    markOutdated(object, resolved.revision);
    if (isUpToDate(object, resolved.revision)) return;
    state.scratch = await mkdtemp(join(deps.scratchRoot, 'oci-'));
    const destination = join(state.scratch, 'layer');
    state.pulled = await asFetchFailure(object, [OciError], () =>
      pullOciArtifact(client, repository, resolved, {
        destination,
        layerSelector: object.spec.layerSelector,
        maxBytes: deps.limits.artifactMaxSize,
        extract: { maxSize: deps.limits.artifactMaxSize },
      }),
    );
  }

  async function reconcileArtifact(ctx: ReconcileContext, object: OCIRepositoryObject, state: OciState) {
    const pulled = state.pulled;
    if (!pulled) {
      markReady(object);
      return;
    }
    const fileName = `${pulled.digest.replace(/^sha256:/, '')}.tar.gz`;
    const artifact =
      pulled.operation === LayerOperation.Copy
        ? await storeFile(deps, object, {
            kind: Kind.OCIRepository,
            file: pulled.path,
            fileName,
            revision: pulled.revision,
          })
        : await storeDirectory(deps, object, {
            kind: Kind.OCIRepository,
            dir: pulled.path,
            ignore: await sourceIgnoreFilter(pulled.path, object.spec.ignore),
            fileName,
            revision: pulled.revision,
          });
    object.status ??= {};
    object.status.observedIgnore = object.spec.ignore;
    object.status.observedLayerSelector = object.spec.layerSelector;
    const withMetadata =
      Object.keys(pulled.metadata).length > 0 ? { ...artifact, metadata: { ...pulled.metadata } } : artifact;
    await recordArtifact(
      ctx,
      object,
      withMetadata,
      `stored artifact with revision '${pulled.revision}' from '${object.spec.url}'`,
    );
  }

  async function registryFor(
    ctx: ReconcileContext,
    object: OCIRepositoryObject,
  ): Promise<{ client: RegistryClient; repository: string }> {
    const { registry, repository } = parseOciUrl(object.spec.url);
    const namespace = object.metadata.namespace ?? '';
    let credentials: RegistryCredentials = {};
    if (object.spec.secretRef) {
      credentials = credentialsFromDockerConfig(
        await readSecretData(ctx.client, namespace, object.spec.secretRef.name),
        registry,
      );
    }
    let caCert: string | undefined;
    if (object.spec.certSecretRef) {
      caCert = (await readSecretData(ctx.client, namespace, object.spec.certSecretRef.name))['ca.crt'];
    }
    const client = createRegistryClient(registry, {
      insecure: object.spec.insecure ?? false,
      credentials,
      caCert,
      signal: fetchSignal(ctx.signal, object.spec.timeout),
    });
    return { client, repository };
  }

  return {
    type: ociRepositoryType,
    finalizer: FluxFinalizer,
    newState: () => ({}),
    steps: [reconcileStorage(Kind.OCIRepository, deps), reconcileSource, reconcileArtifact],
    async releaseState(state) {
      if (state.scratch) await rm(state.scratch, { recursive: true, force: true });
    },
    async cleanup(_ctx, object) {
      await deps.storage.remove(storageRef(Kind.OCIRepository, object));
    },
    eventMetadata: (object) => ({ revision: object.status?.artifact?.revision ?? '' }),
    announceSuccess: false,
  };
}

function isUpToDate(object: OCIRepositoryObject, revision: string): boolean {
  const status = object.status;
  return (
    status?.artifact?.revision === revision &&
    status.observedIgnore === object.spec.ignore &&
    JSON.stringify(status.observedLayerSelector ?? null) === JSON.stringify(object.spec.layerSelector ?? null)
  );
}
