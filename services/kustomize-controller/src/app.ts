import { mkdir, rm } from 'node:fs/promises';
import { FluxLabel } from '@driftless/api';
import {
  AppliedRecords,
  createApiReader,
  createObjectWatch,
  createRestMapper,
  driftedOwner,
  type ObjectReader,
  ResourceManager,
} from '@driftless/apply';
import { type Bus, statusPublisher } from '@driftless/bus';
import {
  type ApplierInputs,
  type ServingControllers,
  serveControllers,
  servedController,
  syncApplierInputs,
  wakeDependents,
} from '@driftless/process';
import {
  type Controller,
  type ControllerDeps,
  type ControllerOptions,
  createController,
  impersonatingClients,
  type KubeClient,
  type LeaderElector,
  perClient,
} from '@driftless/runtime';
import type { Tracing } from '@driftless/telemetry';
import { BuildCache } from './build/build-cache.js';

import { DriftMode } from './reconcilers/apply-step.js';
import { dependenciesOf, dependencyKey, KustomizationKind } from './reconcilers/dependencies-step.js';
import {
  type KustomizationObject,
  type KustomizationState,
  type KustomizeDeps,
  type KustomizeLimits,
  sourceKeyOf,
} from './reconcilers/kustomization-object.js';
import { kustomizationReconciler } from './reconcilers/kustomization-reconciler.js';

export interface KustomizeControllerOptions {
  controller: ControllerOptions;
  /** The /healthz, /readyz and /metrics server. */
  http: { host: string; port: number };
  fieldManager: string;
  kubectlBinary: string;
  scratchRoot: string;
  limits: KustomizeLimits;
  dependencyRequeueMs: number;
  defaultServiceAccount?: string;
  shutdownTimeoutMs: number;
}

export interface KustomizeControllerDeps extends ControllerDeps {
  bus: Bus;
  tracing?: Tracing;
  leaderElector?: LeaderElector;
}

export interface KustomizeController {
  start(): Promise<{ healthUrl: string }>;
  stop(): Promise<void>;
  readonly controller: Controller<KustomizationObject> | undefined;
}

/** Wires Kustomizations to the artifacts and readiness on NATS, the apply engine and the drift watch. */
export function createKustomizeController(
  options: KustomizeControllerOptions,
  deps: KustomizeControllerDeps,
): KustomizeController {
  const mapper = createRestMapper(deps.client);
  const watch = createObjectWatch(
    { client: deps.client, resolver: mapper, logger: deps.logger },
    { labelSelector: FluxLabel.KustomizeName },
  );
  const records = new AppliedRecords();
  const impersonatingClient = impersonatingClients(deps.client, options.defaultServiceAccount);
  const clientFor = (object: KustomizationObject) =>
    impersonatingClient(object.metadata.namespace, object.spec.serviceAccountName);
  const managerFor = perClient(
    (client) => new ResourceManager({ client, mapper }, { fieldManager: options.fieldManager }),
  );
  const apiReaderFor = perClient((client) => createApiReader(client, mapper));
  let controller: Controller<KustomizationObject> | undefined;
  let inputs: ApplierInputs | undefined;
  let serving: ServingControllers | undefined;

  /**
   * Health reads after a change go to the API (the watch may not have seen the write yet); when
   * nothing was applied they come from the drift watch's cache for the kinds it watches.
   */
  function healthReader(client: KubeClient, fresh: boolean): ObjectReader {
    const api = apiReaderFor(client);
    if (fresh) return api;
    return {
      get: async (ref) => {
        const kind = ref.group ? `${ref.group}/${ref.kind}` : ref.kind;
        return watch.watchedKinds().includes(kind) ? watch.get(ref) : api.get(ref);
      },
    };
  }

  return {
    get controller() {
      return controller;
    },
    async start() {
      await rm(options.scratchRoot, { recursive: true, force: true });
      await mkdir(options.scratchRoot, { recursive: true });
      inputs = await syncApplierInputs(deps.bus, deps.logger);
      const { artifacts, readiness } = inputs;
      const kustomizeDeps: KustomizeDeps = {
        artifacts,
        readiness,
        kustomizations: () => controller!.informer,
        watch,
        records,
        buildCache: new BuildCache(),
        clientFor,
        managerFor,
        healthReader,
        scratchRoot: options.scratchRoot,
        kubectlBinary: options.kubectlBinary,
        limits: options.limits,
        dependencyRequeueMs: options.dependencyRequeueMs,
      };
      const reconciler = kustomizationReconciler(kustomizeDeps);
      const created = createController<KustomizationObject, KustomizationState>(
        {
          ...reconciler,
          afterStatusWritten: statusPublisher(
            deps.bus,
            KustomizationKind,
            (object) => object.status?.lastAppliedRevision,
          ),
        },
        options.controller,
        deps,
      );
      controller = created;
      wakeDependents(
        created,
        {
          kind: KustomizationKind,
          sourcesOf: (object) => {
            const source = sourceKeyOf(object);
            return [`${source.kind}/${source.namespace}/${source.name}`];
          },
          dependenciesOf: (object) => dependenciesOf(object).map(dependencyKey),
        },
        { artifacts, readiness },
      );
      watch.onChange((change) => {
        const key = driftedOwner(records, change, {
          name: FluxLabel.KustomizeName,
          namespace: FluxLabel.KustomizeNamespace,
        });
        if (!key) return;
        const owner = created.informer.get(key);
        if (!owner || (owner.spec.driftDetection?.mode ?? DriftMode.Enabled) === DriftMode.Disabled) return;
        created.enqueue(key);
      });
      serving = await serveControllers(
        [servedController(KustomizationKind, created)],
        { name: options.controller.name, http: options.http, shutdownTimeoutMs: options.shutdownTimeoutMs },
        deps,
      );
      return { healthUrl: serving.healthUrl };
    },
    async stop() {
      await serving?.stop();
      await watch.stop();
      inputs?.stop();
    },
  };
}
