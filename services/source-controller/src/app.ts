import { mkdir, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type ArtifactStorage, createArtifactStorage, type RetentionOptions } from '@driftless/artifact';
import type { Bus } from '@driftless/bus';
import { type ServedController, type ServingControllers, serveControllers, servedController } from '@driftless/process';
import {
  type Controller,
  type ControllerDeps,
  type ControllerOptions,
  createController,
  type LeaderElector,
  type ReconcilableObject,
  type Reconciler,
} from '@driftless/runtime';
import type { Tracing } from '@driftless/telemetry';
import { buildArtifactServer } from './artifact-server.js';
import { gitRepositoryReconciler } from './reconcilers/git-repository-reconciler.js';
import { helmChartReconciler } from './reconcilers/helm-chart-reconciler.js';
import { helmRepositoryReconciler } from './reconcilers/helm-repository-reconciler.js';
import { ociRepositoryReconciler } from './reconcilers/oci-repository-reconciler.js';
import type { SourceDeps, SourceLimits, SourceObject } from './reconcilers/source-object.js';
import { requeueDependents } from './requeue-dependents.js';
import { createSourcePublisher } from './source-publisher.js';

export interface SourceControllerOptions {
  controller: ControllerOptions;
  /** The /healthz, /readyz and /metrics server. */
  http: { host: string; port: number };
  /** The artifact file server. */
  storage: {
    root: string;
    host: string;
    port: number;
    /** Base URL appliers use; `http://<host>:<port>` of the file server when unset. */
    advertisedUrl?: string;
    retention: RetentionOptions;
  };
  cacheRoot: string;
  limits: SourceLimits;
  helmBinary: string;
  gitBinary: string;
  shutdownTimeoutMs: number;
}

export interface SourceControllerDeps extends ControllerDeps {
  bus: Bus;
  tracing?: Tracing;
  leaderElector?: LeaderElector;
}

export interface SourceController {
  /** Serves artifacts, starts the watches and, once leading, the reconciles. */
  start(): Promise<{ healthUrl: string; artifactUrl: string }>;
  stop(): Promise<void>;
  /** The controllers by kind, for tests and the CLI. */
  readonly controllers: ReadonlyMap<string, Controller<ReconcilableObject>>;
}

/** Wires the source kinds, the artifact file server and the NATS side into one process. */
export function createSourceController(options: SourceControllerOptions, deps: SourceControllerDeps): SourceController {
  const controllers = new Map<string, Controller<ReconcilableObject>>();
  const served: ServedController[] = [];
  // The storage needs the server's URL, known once it listens; until then nothing is stored to serve.
  let storage: ArtifactStorage | undefined;
  const server = buildArtifactServer({
    resolve: (path) => {
      if (!storage) throw new Error('artifact storage is not ready yet');
      return storage.resolve(path);
    },
    logger: deps.logger,
  });
  let serving: ServingControllers | undefined;

  function addKind<T extends SourceObject, S>(reconciler: Reconciler<T, S>): Controller<T> {
    const publish = createSourcePublisher(deps.bus)(reconciler.type.kind);
    const controller = createController<T, S>(
      { ...reconciler, afterStatusWritten: (ctx, object) => publish(ctx, object) },
      options.controller,
      deps,
    );
    const entry = servedController(reconciler.type.kind, controller);
    controllers.set(entry.kind, entry.controller);
    served.push(entry);
    return controller;
  }

  return {
    controllers,
    async start() {
      await mkdir(options.storage.root, { recursive: true });
      const scratchRoot = join(options.cacheRoot, 'scratch');
      await rm(scratchRoot, { recursive: true, force: true });
      await mkdir(scratchRoot, { recursive: true });
      await server.listen({ host: options.storage.host, port: options.storage.port });
      const { port } = server.server.address() as AddressInfo;
      const baseUrl = options.storage.advertisedUrl ?? `http://${options.storage.host}:${port}`;
      storage = createArtifactStorage({
        root: options.storage.root,
        baseUrl,
        retention: options.storage.retention,
      });
      const sourceDeps: SourceDeps = {
        storage,
        retention: options.storage.retention,
        cacheRoot: options.cacheRoot,
        scratchRoot,
        limits: options.limits,
        helmBinary: options.helmBinary,
        gitBinary: options.gitBinary,
      };
      const git = addKind(gitRepositoryReconciler(sourceDeps));
      const helmRepository = addKind(helmRepositoryReconciler(sourceDeps));
      const helmChart = addKind(helmChartReconciler(sourceDeps));
      addKind(ociRepositoryReconciler(sourceDeps));
      requeueDependents(git, git, 'include', (repository) =>
        (repository.spec.include ?? []).map((include) => `${repository.metadata.namespace}/${include.repository.name}`),
      );
      for (const [source, kind] of [
        [git, 'GitRepository'],
        [helmRepository, 'HelmRepository'],
      ] as const) {
        requeueDependents(source, helmChart, `chart-source-${kind}`, (chart) =>
          chart.spec.sourceRef.kind === kind ? [`${chart.metadata.namespace}/${chart.spec.sourceRef.name}`] : [],
        );
      }
      serving = await serveControllers(
        served,
        { name: options.controller.name, http: options.http, shutdownTimeoutMs: options.shutdownTimeoutMs },
        deps,
      );
      return { healthUrl: serving.healthUrl, artifactUrl: baseUrl };
    },
    async stop() {
      await serving?.stop();
      await server.close();
    },
  };
}
