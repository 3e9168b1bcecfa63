import { ConditionType, FluxFinalizer, ImageReason, Kind } from '@driftless/api';
import { deleteImage, getImageTags } from '@driftless/bus';
import {
  markTrue,
  type ReconcileContext,
  type Reconciler,
  StallingError,
  TransientError,
  WaitAnnouncement,
  WaitingError,
} from '@driftless/runtime';
import { PolicyError } from '../policy/policy-types.js';
import { selectLatestTag, validateSelection } from '../policy/select-latest-tag.js';
import { ImageNameError, parseImageName } from '../scan/image-name.js';
import { readRegistryAccess } from '../scan/registry-access.js';
import { scanFailure } from '../scan/scan-errors.js';
import { resolveTagDigest } from '../scan/scan-tags.js';
import { accessDenied } from './access-from.js';
import {
  type ImageDeps,
  type ImagePolicyObject,
  type ImageRepositoryObject,
  imagePolicyType,
  repositoryKeyOf,
} from './image-objects.js';

type ImageRef = NonNullable<NonNullable<ImagePolicyObject['status']>['latestRef']>;

const DigestReflection = { Always: 'Always', IfNotPresent: 'IfNotPresent', Never: 'Never' } as const;
/** How long a policy whose repository has no tags yet waits before looking again (a scan also wakes it). */
const noTagsRequeueMs = 30_000;

/** ImagePolicy: chooses the latest tag of its ImageRepository and reflects its digest when asked. */
export function imagePolicyReconciler(deps: ImageDeps): Reconciler<ImagePolicyObject, object> {
  async function validate(_ctx: ReconcileContext, object: ImagePolicyObject) {
    if (object.spec.digestReflectionPolicy === DigestReflection.Always && !object.spec.interval) {
      throw new StallingError(
        'IntervalNotConfigured',
        "spec.interval must be set when spec.digestReflectionPolicy is set to 'Always'",
      );
    }
    try {
      validateSelection(object.spec);
    } catch (error) {
      if (error instanceof PolicyError) throw new StallingError('InvalidPolicy', `invalid policy: ${error.message}`);
      throw error;
    }
  }

  async function choose(ctx: ReconcileContext, object: ImagePolicyObject) {
    const repository = await repositoryOf(ctx, object);
    try {
      parseImageName(repository.spec.image);
    } catch (error) {
      if (error instanceof ImageNameError) throw new StallingError(ImageReason.ImageURLInvalid, error.message);
      throw error;
    }
    const stored = await getImageTags(deps.bus, {
      namespace: repository.metadata.namespace,
      name: repository.metadata.name,
    });
    if (!stored || stored.tags.length === 0) {
      throw new WaitingError(ImageReason.DependencyNotReady, 'no tags in database', noTagsRequeueMs, {
        announce: WaitAnnouncement.Info,
      });
    }
    let tag: string;
    try {
      tag = selectLatestTag(stored.tags, object.spec);
    } catch (error) {
      if (error instanceof PolicyError && error.reason === 'InvalidPolicy') {
        throw new StallingError('InvalidPolicy', `invalid policy: ${error.message}`);
      }
      if (error instanceof PolicyError) throw new TransientError(ImageReason.ReconciliationFailed, error.message);
      throw error;
    }
    const latest: ImageRef = { name: repository.spec.image, tag };
    const digest = await digestOf(ctx, object, repository, latest);
    if (digest) latest.digest = digest;
    object.status ??= {};
    const current = object.status.latestRef;
    if (!current || !sameRef(current, latest)) {
      object.status.observedPreviousRef = current;
      object.status.latestRef = latest;
    }
    markTrue(
      object,
      ConditionType.Ready,
      'Succeeded',
      readyMessage(object.status.latestRef!, object.status.observedPreviousRef),
    );
  }

  async function repositoryOf(ctx: ReconcileContext, object: ImagePolicyObject): Promise<ImageRepositoryObject> {
    const key = repositoryKeyOf(object);
    const repository = deps.repositories().informer.get(key);
    if (!repository) {
      throw new TransientError(
        ImageReason.DependencyNotReady,
        `failed to get the referred ImageRepository: referenced ImageRepository '${key}' does not exist`,
      );
    }
    const denied = await accessDenied(ctx.client, object.metadata, {
      kind: Kind.ImageRepository,
      namespace: repository.metadata.namespace,
      name: repository.metadata.name,
      accessFrom: repository.spec.accessFrom,
    });
    if (denied)
      throw new TransientError('AccessDenied', `failed to get the referred ImageRepository: access denied: ${denied}`);
    return repository;
  }

  async function digestOf(
    ctx: ReconcileContext,
    object: ImagePolicyObject,
    repository: ImageRepositoryObject,
    latest: ImageRef,
  ): Promise<string | undefined> {
    const policy = object.spec.digestReflectionPolicy ?? DigestReflection.Never;
    if (policy === DigestReflection.Never) return undefined;
    const current = object.status?.latestRef;
    if (
      policy === DigestReflection.IfNotPresent &&
      current?.digest &&
      current.name === latest.name &&
      current.tag === latest.tag
    ) {
      return current.digest;
    }
    try {
      const access = await readRegistryAccess(
        ctx.client,
        { namespace: repository.metadata.namespace, spec: repository.spec },
        ctx.signal,
      );
      return await resolveTagDigest(parseImageName(repository.spec.image), access, latest.tag);
    } catch (error) {
      const { reason, message } = scanFailure(error);
      throw new TransientError(reason, `failed fetching digest of ${latest.name}:${latest.tag}: ${message}`, {
        cause: error,
      });
    }
  }

  return {
    type: imagePolicyType,
    finalizer: FluxFinalizer,
    newState: () => ({}),
    steps: [validate, choose],
    async cleanup(_ctx, object) {
      await deleteImage(deps.bus, { namespace: object.metadata.namespace, name: object.metadata.name });
    },
    eventMetadata: (object): Record<string, string> => {
      const latest = object.status?.latestRef;
      return latest ? { revision: `${latest.name}:${latest.tag}` } : {};
    },
  };
}

function sameRef(a: ImageRef, b: ImageRef): boolean {
  return a.name === b.name && a.tag === b.tag && (a.digest ?? '') === (b.digest ?? '');
}

/** Flux's composeImagePolicyReadyMessage. */
function readyMessage(latest: ImageRef, previous: ImageRef | undefined): string {
  let message = `Latest image tag for ${latest.name} resolved to ${latest.tag}`;
  if (latest.digest) message += ` with digest ${latest.digest}`;
  if (previous && !sameRef(previous, latest)) {
    message += ` (previously ${previous.name}:${previous.tag}${previous.digest ? `@${previous.digest}` : ''})`;
  }
  return message;
}
