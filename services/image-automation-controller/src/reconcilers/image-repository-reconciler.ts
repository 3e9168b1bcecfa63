import { ConditionType, FluxFinalizer, ImageReason, ReconcileRequestAnnotation } from '@driftless/api';
import { deleteImageTags, getImageTags, putImageTags } from '@driftless/bus';
import {
  markTrue,
  parseDuration,
  type ReconcileContext,
  type Reconciler,
  StallingError,
  TransientError,
} from '@driftless/runtime';
import { ImageNameError, parseImageName } from '../scan/image-name.js';
import { readRegistryAccess } from '../scan/registry-access.js';
import { scanFailure } from '../scan/scan-errors.js';
import { scanTags } from '../scan/scan-tags.js';
import type { ImageName } from '../scan/scan-types.js';
import { type ImageDeps, type ImageRepositoryObject, imageRepositoryType } from './image-objects.js';

const defaultExclusionList = ['^.*\\.sig$'];
const defaultTimeoutMs = 60_000;

/** ImageRepository: scans the tags when due, keeps them in NATS, and reports Flux's lastScanResult. */
export function imageRepositoryReconciler(deps: ImageDeps): Reconciler<ImageRepositoryObject, object> {
  async function scan(ctx: ReconcileContext, object: ImageRepositoryObject) {
    const image = imageNameOf(object);
    const ref = { namespace: object.metadata.namespace, name: object.metadata.name };
    const exclusionList = object.spec.exclusionList ?? defaultExclusionList;
    const stored = await getImageTags(deps.bus, ref);
    object.status ??= {};
    const requested = deps.scanRequests.delete(`${ref.namespace}/${ref.name}`);
    if (!requested && stored?.image === image.canonical && !scanDue(object, image, exclusionList)) {
      markScanned(object, stored.tags.length, stored.revision);
      return;
    }
    const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutOf(object))]);
    let result: Awaited<ReturnType<typeof scanTags>>;
    try {
      const access = await readRegistryAccess(
        ctx.client,
        { namespace: object.metadata.namespace, spec: object.spec },
        signal,
      );
      result = await scanTags(image, access, exclusionList);
    } catch (error) {
      const { reason, message } = scanFailure(error);
      throw new TransientError(reason, message, { cause: error });
    }
    const scanTime = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    await putImageTags(deps.bus, {
      ...ref,
      image: image.canonical,
      revision: result.revision,
      scanTime,
      tags: result.tags,
    });
    object.status.canonicalImageName = image.canonical;
    object.status.observedExclusionList = exclusionList;
    object.status.lastScanResult = {
      revision: result.revision,
      tagCount: result.tags.length,
      scanTime,
      latestTags: result.latestTags,
    };
    markScanned(object, result.tags.length, result.revision);
  }

  return {
    type: imageRepositoryType,
    finalizer: FluxFinalizer,
    newState: () => ({}),
    steps: [scan],
    async cleanup(_ctx, object) {
      await deleteImageTags(deps.bus, { namespace: object.metadata.namespace, name: object.metadata.name });
    },
    eventMetadata: (object) => ({ revision: object.status?.lastScanResult?.revision ?? '' }),
  };
}

function imageNameOf(object: ImageRepositoryObject): ImageName {
  try {
    return parseImageName(object.spec.image);
  } catch (error) {
    if (error instanceof ImageNameError) throw new StallingError(ImageReason.ImageURLInvalid, error.message);
    throw error;
  }
}

/** Flux's shouldScan: a scan at every interval, on request, and when what is scanned changed. */
function scanDue(object: ImageRepositoryObject, image: ImageName, exclusionList: readonly string[]): boolean {
  const status = object.status ?? {};
  const requested = object.metadata.annotations?.[ReconcileRequestAnnotation];
  if (requested && requested !== status.lastHandledReconcileAt) return true;
  if (status.canonicalImageName !== image.canonical) return true;
  if (JSON.stringify(status.observedExclusionList ?? defaultExclusionList) !== JSON.stringify(exclusionList))
    return true;
  const scanTime = status.lastScanResult?.scanTime;
  if (!scanTime) return true;
  return Date.parse(scanTime) + parseDuration(object.spec.interval) <= Date.now();
}

function markScanned(object: ImageRepositoryObject, tagCount: number, revision: string): void {
  markTrue(
    object,
    ConditionType.Ready,
    'Succeeded',
    `successful scan: found ${tagCount} tags with checksum ${revision}`,
  );
}

function timeoutOf(object: ImageRepositoryObject): number {
  if (object.spec.timeout) return parseDuration(object.spec.timeout);
  return object.spec.interval ? Math.min(parseDuration(object.spec.interval), defaultTimeoutMs) : defaultTimeoutMs;
}
