import { mkdir, rm } from 'node:fs/promises';
import { FluxLabel } from '@driftless/api';
import {
  AppliedRecords,
  createApiReader,
  createObjectWatch,
  createRestMapper,
  driftedOwner,
  ResourceManager,
} from '@driftless/apply';
import { type Bus, statusPublisher } from '@driftless/bus';
import { createReleaseStorage, type ReleaseStorage, type StorageDriver } from '@driftless/helm';
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
import { dependenciesOf, dependencyKey } from './reconcilers/dependencies-step.js';
import { DriftMode } from './reconcilers/drift-step.js';
import {
  chartSourceOf,
  type HelmDeps,
  type HelmLimits,
  HelmReleaseKind,
  type HelmReleaseObject,
  type HelmReleaseState,
  sourceKey,
} from './reconcilers/helm-release-object.js';
import { helmReleaseReconciler } from './reconcilers/helm-release-reconciler.js';

export interface HelmControllerOptions {
  controller: ControllerOptions;
  /** The /healthz, /readyz and /metrics server. */
  http: { host: string; port: number };
  fieldManager: string;
  helmBinary: string;
  kubectlBinary: string;
  /** Given to helm for rendering; helm uses in-cluster credentials when unset. */
  kubeconfigPath?: string;
  /** Given to helm inside a pod, where there is no kubeconfig. */
  inClusterEnv?: { KUBERNETES_SERVICE_HOST?: string; KUBERNETES_SERVICE_PORT?: string };
  storageDriver: StorageDriver;
  scratchRoot: string;
  limits: HelmLimits;
  dependencyRequeueMs: number;
  defaultServiceAccount?: string;
  shutdownTimeoutMs: number;
}

export interface HelmControllerDeps extends ControllerDeps {
  bus: Bus;
  tracing?: Tracing;
  leaderElector?: LeaderElector;
}

export interface HelmController {
  start(): Promise<{ healthUrl: string }>;
  stop(): Promise<void>;
  readonly controller: Controller<HelmReleaseObject> | undefined;
}

/** Wires HelmReleases to chart artifacts and readiness on NATS, helm, the release storage and the drift watch. */
export function createHelmController(options: HelmControllerOptions, deps: HelmControllerDeps): HelmController {
  const mapper = createRestMapper(deps.client);
  const watch = createObjectWatch(
    { client: deps.client, resolver: mapper, logger: deps.logger },
    { labelSelector: FluxLabel.HelmName },
  );
  const applied = new AppliedRecords();
  const impersonatingClient = impersonatingClients(deps.client, options.defaultServiceAccount);
  const clientFor = (object: HelmReleaseObject) =>
    impersonatingClient(object.metadata.namespace, object.spec.serviceAccountName);
  const managerFor = perClient(
    (client) => new ResourceManager({ client, mapper }, { fieldManager: options.fieldManager }),
  );
  const readerFor = perClient((client) => createApiReader(client, mapper));
  const storages = perClient((client) => {
    const byNamespace = new Map<string, ReleaseStorage>();
    return {
      get(namespace: string): ReleaseStorage {
        let storage = byNamespace.get(namespace);
        if (!storage) {
          storage = createReleaseStorage(client, { driver: options.storageDriver, namespace });
          byNamespace.set(namespace, storage);
        }
        return storage;
      },
    };
  });
  const storageFor = (client: KubeClient, namespace: string) => storages(client).get(namespace);
  let controller: Controller<HelmReleaseObject> | undefined;
  let inputs: ApplierInputs | undefined;
  let serving: ServingControllers | undefined;

  return {
    get controller() {
      return controller;
    },
    async start() {
      await rm(options.scratchRoot, { recursive: true, force: true });
      await mkdir(options.scratchRoot, { recursive: true });
      inputs = await syncApplierInputs(deps.bus, deps.logger);
      const { artifacts, readiness } = inputs;
      const helmDeps: HelmDeps = {
        artifacts,
        readiness,
        helmReleases: () => controller!.informer,
        watch,
        applied,
        clientFor,
        managerFor,
        readerFor,
        storageFor,
        helmBinary: options.helmBinary,
        kubectlBinary: options.kubectlBinary,
        kubeconfigPath: options.kubeconfigPath,
        inClusterEnv: options.inClusterEnv,
        scratchRoot: options.scratchRoot,
        limits: options.limits,
        dependencyRequeueMs: options.dependencyRequeueMs,
      };
      const reconciler = helmReleaseReconciler(helmDeps);
      const created = createController<HelmReleaseObject, HelmReleaseState>(
        {
          ...reconciler,
          afterStatusWritten: statusPublisher(
            deps.bus,
            HelmReleaseKind,
            (object) => object.status?.lastAttemptedRevision,
          ),
        },
        options.controller,
        deps,
      );
      controller = created;
      wakeDependents(
        created,
        {
          kind: HelmReleaseKind,
          sourcesOf: (object) => {
            const source = chartSourceOf(object);
            return source ? [sourceKey(source)] : [];
          },
          dependenciesOf: (object) => dependenciesOf(object).map(dependencyKey),
        },
        { artifacts, readiness },
      );
      watch.onChange((change) => {
        const key = driftedOwner(applied, change, { name: FluxLabel.HelmName, namespace: FluxLabel.HelmNamespace });
        if (!key) return;
        const owner = created.informer.get(key);
        if (!owner || (owner.spec.driftDetection?.mode ?? DriftMode.Disabled) === DriftMode.Disabled) return;
        created.enqueue(key);
      });
      serving = await serveControllers(
        [servedController(HelmReleaseKind, created)],
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
