export { impersonatingClients, perClient } from './client-pool.js';
export type { Conditioned } from './conditions.js';
export {
  deleteCondition,
  getCondition,
  isFalse,
  isReady,
  isTrue,
  markFalse,
  markReconciling,
  markStalled,
  markTrue,
  markUnknown,
  rfc3339,
  setCondition,
} from './conditions.js';
export type { RuntimeConfig } from './config.js';
export { ConfigError, durationSetting, parseConfig, runtimeConfig, sizeSetting } from './config.js';
export { configMapType, readConfigMapData } from './config-maps.js';
export type { Controller, ControllerDeps, ControllerOptions } from './controller.js';
export { createController, defaultControllerOptions } from './controller.js';
export type { NodeKey } from './dependency-graph.js';
export { findCycle } from './dependency-graph.js';
export { parseDuration, tryParseDuration } from './duration.js';
export type { EventObject, EventPublisher, EventRecorderDeps, EventRecorderOptions } from './event-recorder.js';
export { EventRecorder } from './event-recorder.js';
export { addFinalizer, removeFinalizer } from './finalizers.js';
export type { HealthAppDeps, ReadinessCheck } from './health-server.js';
export { buildHealthApp } from './health-server.js';
export type { InformerHandler, InformerOptions } from './informer.js';
export { defaultInformerOptions, Informer } from './informer.js';
export type { KubeClientOptions, KubeRequest, ListResult } from './kube-client.js';
export { defaultKubeClientOptions, KubeClient, PatchType } from './kube-client.js';
export { loadKubeConfig } from './kube-config.js';
export { ConflictError, GoneError, KubeApiError, NotFoundError } from './kube-errors.js';
export type { LabelSelector } from './label-selector.js';
export { matchesLabelSelector } from './label-selector.js';
export type { LeaderCallbacks, LeaderElectionOptions, LeaderElector } from './leader-election.js';
export {
  createLeaderElector,
  defaultLeaderElectionOptions,
  LeaderElectionError,
  leaderElectionOptionsFromConfig,
} from './leader-election.js';
export type { LeaderElectionConfig } from './leader-election-config.js';
export { leaderElectionConfig } from './leader-election-config.js';
export type { LogSink } from './log-sink.js';
export type { LeaderWorker, Manager, ManagerDeps, ManagerOptions } from './manager.js';
export { createManager, onShutdownSignal } from './manager.js';
export { createMergePatch } from './merge-patch.js';
export type { RateLimiter, RateLimiterOptions } from './rate-limiter.js';
export { createRateLimiter, defaultRateLimiterOptions } from './rate-limiter.js';
export type {
  DriverDeps,
  ReconcilableObject,
  ReconcileContext,
  ReconcileOutcome,
  Reconciler,
  ReconcileStep,
  StepResult,
} from './reconcile-driver.js';
export { OutcomeKind, reconcileObject } from './reconcile-driver.js';
export { StallingError, TransientError, WaitAnnouncement, WaitingError } from './reconcile-errors.js';
export type { KubeObject, ObjectMeta, ResourceType } from './resource.js';
export { apiVersionOf, describeObject, objectKey, resourcePath, splitObjectKey } from './resource.js';
export { readSecretData, secretType } from './secrets.js';
export { sleep } from './sleep.js';
export type { RunWorkersOptions, WorkQueue, WorkQueueHooks, WorkQueueOptions } from './work-queue.js';
export { createWorkQueue, runWorkers } from './work-queue.js';
