import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { FluxLabel, KustomizeReason } from '@driftless/api';
import { parseManifests, type Unstructured } from '@driftless/apply';
import { buildManifests, collectVariables, pickBuildSpec, substituteVariables } from '@driftless/kustomize-build';
import { parseDuration, type ReconcileContext, WaitAnnouncement, WaitingError } from '@driftless/runtime';
import { buildKey } from '../build/build-cache.js';
import { decryptionKeysFromSecret, decryptManifests } from '../decrypt/sops-decrypt.js';
import { readConfigMapData, readSecretData } from '../object-data.js';
import { fetchSource } from './fetch-source.js';
import {
  type KustomizationObject,
  type KustomizationState,
  type KustomizeDeps,
  sourceKeyOf,
} from './kustomization-object.js';
import { failingAs, retryIntervalMs } from './retry.js';

const defaultTimeoutMs = 5 * 60_000;

/**
 * Turns the source's latest artifact into the objects to apply: download and verify, kustomize
 * build (cached by artifact digest, path and build options), variable substitution, SOPS
 * decryption, and the owner labels. Nothing is applied when any of it fails.
 */
export function buildObjects(deps: KustomizeDeps) {
  return async function buildObjects(ctx: ReconcileContext, object: KustomizationObject, state: KustomizationState) {
    const source = sourceKeyOf(object);
    const artifact = deps.artifacts.get(source);
    if (!artifact) {
      throw new WaitingError(
        KustomizeReason.ArtifactFailed,
        `Source '${source.kind}/${source.namespace}/${source.name}' not found`,
        retryIntervalMs(object),
        { announce: WaitAnnouncement.Silent },
      );
    }
    state.artifact = artifact;
    object.status ??= {};
    object.status.lastAttemptedRevision = artifact.revision;

    const yaml = await buildCached(deps, ctx, object);
    let objects = await failingAs(object, KustomizeReason.BuildFailed, async () =>
      parseManifests(yaml, { origin: object.spec.path ?? './' }),
    );
    objects = await failingAs(object, KustomizeReason.BuildFailed, () => postBuild(deps, ctx, object, objects));
    for (const manifest of objects) labelOwned(manifest, object);
    if (objects.length === 0 && (object.status.inventory?.entries.length ?? 0) > 0) {
      throw new WaitingError(
        KustomizeReason.BuildFailed,
        `the build produced no objects; nothing is applied or pruned (${object.status.inventory?.entries.length} objects kept). Delete the Kustomization to remove them`,
        retryIntervalMs(object),
      );
    }
    state.objects = objects;
  };
}

async function buildCached(deps: KustomizeDeps, ctx: ReconcileContext, object: KustomizationObject): Promise<string> {
  const artifact = deps.artifacts.get(sourceKeyOf(object))!;
  const spec = object.spec;
  const buildSpec = pickBuildSpec(spec);
  const key = buildKey({ digest: artifact.digest, path: spec.path, spec: buildSpec });
  const cached = deps.buildCache.get(key);
  if (cached !== undefined) return cached;
  const timeoutMs = spec.timeout ? parseDuration(spec.timeout) : defaultTimeoutMs;
  const dir = await failingAs(object, KustomizeReason.ArtifactFailed, () =>
    fetchSource(artifact, { scratchRoot: deps.scratchRoot, maxSize: deps.limits.artifactMaxSize, timeoutMs }),
  );
  try {
    const yaml = await failingAs(object, KustomizeReason.BuildFailed, () =>
      buildManifests(
        {
          artifactRoot: join(dir, 'source'),
          path: spec.path,
          spec: buildSpec,
          kubectlBinary: deps.kubectlBinary,
          timeoutMs,
          maxOutputBytes: deps.limits.buildMaxOutput,
        },
        ctx.signal,
      ),
    );
    deps.buildCache.set(key, yaml);
    return yaml;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function postBuild(
  deps: KustomizeDeps,
  ctx: ReconcileContext,
  object: KustomizationObject,
  objects: Unstructured[],
): Promise<Unstructured[]> {
  const namespace = object.metadata.namespace;
  let result = objects;
  // Flux decrypts during the build, before substitution.
  const decryption = object.spec.decryption;
  if (decryption?.provider === 'sops' && result.some((manifest) => 'sops' in manifest)) {
    const secretName = decryption.secretRef?.name;
    const data = secretName ? await readSecretData(ctx.client, namespace, secretName) : {};
    if (data === undefined) throw new Error(`decryption secret '${namespace}/${secretName}' not found`);
    result = await decryptManifests(result, decryptionKeysFromSecret(data));
  }
  if (object.spec.postBuild) {
    const client = deps.clientFor(object);
    const variables = await collectVariables(
      object.spec.postBuild,
      {
        getConfigMap: (ns, name) => readConfigMapData(client, ns, name),
        getSecret: (ns, name) => readSecretData(client, ns, name),
      },
      namespace,
    );
    result = substituteVariables(result, variables) as Unstructured[];
  }
  return result;
}

/** Flux's owner labels: the drift watch and prune find objects by them. */
function labelOwned(manifest: Unstructured, owner: KustomizationObject): void {
  manifest.metadata.labels = {
    ...manifest.metadata.labels,
    [FluxLabel.KustomizeName]: owner.metadata.name,
    [FluxLabel.KustomizeNamespace]: owner.metadata.namespace,
  };
}
