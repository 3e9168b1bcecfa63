import { mkdir } from 'node:fs/promises';
import { Kind } from '@driftless/api';
import {
  type Bus,
  createKvMirror,
  type ImagePolicyRef,
  type ImageSelection,
  type KvMirror,
  putImage,
  statusPublisher,
  watchImages,
} from '@driftless/bus';
import { type ServingControllers, serveControllers, servedController } from '@driftless/process';
import {
  type Controller,
  type ControllerDeps,
  type ControllerOptions,
  createController,
  isReady,
  type LeaderElector,
  objectKey,
  type ReconcilableObject,
  type Reconciler,
  rfc3339,
} from '@driftless/runtime';
import type { Tracing } from '@driftless/telemetry';
import {
  type ImageDeps,
  type ImagePolicyObject,
  type ImageRepositoryObject,
  type ImageUpdateAutomationObject,
  repositoryKeyOf,
} from './reconcilers/image-objects.js';
import { imagePolicyReconciler } from './reconcilers/image-policy-reconciler.js';
import { imageRepositoryReconciler } from './reconcilers/image-repository-reconciler.js';
import { imageUpdateAutomationReconciler } from './reconcilers/image-update-automation-reconciler.js';

export interface ImageAutomationControllerOptions {
  controller: ControllerOptions;
  /** The /healthz, /readyz and /metrics server. */
  http: { host: string; port: number };
  /** Per-automation Git working directories. */
  workRoot: string;
  maxPushAttempts: number;
  shutdownTimeoutMs: number;
}

export interface ImageAutomationControllerDeps extends ControllerDeps {
  bus: Bus;
  tracing?: Tracing;
  leaderElector?: LeaderElector;
}

export interface ImageAutomationController {
  start(): Promise<{ healthUrl: string }>;
  stop(): Promise<void>;
  /** The controllers by kind, for tests. */
  readonly controllers: ReadonlyMap<string, Controller<ReconcilableObject>>;
}

/** Wires ImageRepositories, ImagePolicies and ImageUpdateAutomations to each other, to NATS and to Git. */
export function createImageAutomationController(
  options: ImageAutomationControllerOptions,
  deps: ImageAutomationControllerDeps,
): ImageAutomationController {
  const controllers = new Map<string, Controller<ReconcilableObject>>();
  const scanRequests = new Set<string>();
  let serving: ServingControllers | undefined;
  let images: KvMirror<ImageSelection, ImagePolicyRef> | undefined;

  function addKind<T extends ReconcilableObject & { metadata: { namespace: string } }, S>(
    reconciler: Reconciler<T, S>,
    afterStatus?: (object: T) => Promise<void>,
  ): Controller<T> {
    const kind = reconciler.type.kind;
    const publishStatus = statusPublisher<T>(deps.bus, kind);
    const controller = createController<T, S>(
      {
        ...reconciler,
        afterStatusWritten: async (ctx, object) => {
          await afterStatus?.(object);
          await publishStatus(ctx, object);
        },
      },
      options.controller,
      deps,
    );
    controllers.set(kind, controller as unknown as Controller<ReconcilableObject>);
    return controller;
  }

  return {
    controllers,
    async start() {
      await mkdir(options.workRoot, { recursive: true });
      const imageDeps: ImageDeps = {
        bus: deps.bus,
        repositories: () => repositories,
        policies: () => policies,
        scanRequests,
        workRoot: options.workRoot,
        maxPushAttempts: options.maxPushAttempts,
      };
      const repositories = addKind(imageRepositoryReconciler(imageDeps));
      const policies = addKind(imagePolicyReconciler(imageDeps), publishSelection(deps.bus));
      const automations = addKind(imageUpdateAutomationReconciler(imageDeps));
      wakePoliciesOnScan(repositories, policies);
      images = await createKvMirror(() => watchImages(deps.bus), deps.logger);
      images.onChange((ref) => wakeAutomations(automations, ref.namespace));
      serving = await serveControllers(
        [
          servedController(Kind.ImageRepository, repositories, (key) => scanRequests.add(key)),
          servedController(Kind.ImagePolicy, policies),
          servedController(Kind.ImageUpdateAutomation, automations),
        ],
        { name: options.controller.name, http: options.http, shutdownTimeoutMs: options.shutdownTimeoutMs },
        deps,
      );
      return { healthUrl: serving.healthUrl };
    },
    async stop() {
      await serving?.stop();
      images?.stop();
    },
  };
}

/** Publishes an ImagePolicy's selection on NATS when it changed (DESIGN.md section 3). */
function publishSelection(bus: Bus): (policy: ImagePolicyObject) => Promise<void> {
  const published = new Map<string, string>();
  return async (policy) => {
    const latest = policy.status?.latestRef;
    if (!latest || !isReady(policy)) return;
    const key = objectKey(policy);
    const fingerprint = `${latest.name}:${latest.tag}@${latest.digest ?? ''}`;
    if (published.get(key) === fingerprint) return;
    await putImage(bus, {
      namespace: policy.metadata.namespace,
      name: policy.metadata.name,
      image: latest.name,
      tag: latest.tag,
      digest: latest.digest,
      latestImage: `${latest.name}:${latest.tag}`,
      lastUpdateTime: rfc3339(new Date()),
    });
    published.set(key, fingerprint);
  };
}

/** A scan that found other tags re-runs the policies of that repository at once. */
function wakePoliciesOnScan(
  repositories: Controller<ImageRepositoryObject>,
  policies: Controller<ImagePolicyObject>,
): void {
  policies.informer.addIndex('repository', (policy) => [repositoryKeyOf(policy)]);
  const wake = (repository: ImageRepositoryObject) => {
    for (const policy of policies.informer.byIndex('repository', objectKey(repository))) {
      policies.enqueue(objectKey(policy));
    }
  };
  repositories.informer.addHandler({
    onAdd: wake,
    onUpdate: (repository, previous) => {
      const scan = repository.status?.lastScanResult;
      const before = previous.status?.lastScanResult;
      if (scan?.revision !== before?.revision || scan?.tagCount !== before?.tagCount) wake(repository);
    },
    onDelete: wake,
  });
}

function wakeAutomations(automations: Controller<ImageUpdateAutomationObject>, namespace: string): void {
  for (const automation of automations.informer.list()) {
    if (automation.metadata.namespace === namespace) automations.enqueue(objectKey(automation));
  }
}
