import { randomBytes } from 'node:crypto';
import { ConditionType, EventSeverity, type FluxEvent } from '@driftless/api';
import type { Conditioned } from './conditions.js';
import { getCondition, rfc3339 } from './conditions.js';
import type { KubeClient } from './kube-client.js';
import type { LogSink } from './log-sink.js';
import type { KubeObject, ResourceType } from './resource.js';

/** Sends a Flux event on (the bus implements it; kept as a function so the runtime does not depend on NATS). */
export type EventPublisher = (event: FluxEvent) => Promise<void>;

export interface EventRecorderOptions {
  /** `reportingController`, e.g. `kustomize-controller`. */
  controller: string;
  /** `reportingInstance`, usually the pod name. */
  instance: string;
}

export interface EventRecorderDeps {
  client: KubeClient;
  publish?: EventPublisher;
  logger: Pick<LogSink, 'warn'>;
  now?: () => Date;
}

export type EventObject = KubeObject & Conditioned;

const coreEventType: ResourceType = { group: '', version: 'v1', kind: 'Event', plural: 'events', namespaced: true };

/**
 * Records one event in both places it is read: a Kubernetes Event (kubectl describe) and a Flux
 * event on NATS (the notification-controller). The reason is taken from the Ready condition unless
 * given; metadata keys are prefixed with the object's API group, as Flux does (`<group>/revision`).
 * Failures to record are logged, never thrown: an event must not fail a reconcile.
 */
export class EventRecorder {
  constructor(
    readonly options: EventRecorderOptions,
    private readonly deps: EventRecorderDeps,
  ) {}

  async emit(
    object: EventObject,
    severity: EventSeverity,
    message: string,
    extra: { reason?: string; metadata?: Record<string, string> } = {},
  ): Promise<FluxEvent> {
    const event = this.toFluxEvent(object, severity, message, extra);
    await Promise.all([this.#recordKubernetesEvent(object, event), this.#publish(event)]);
    return event;
  }

  toFluxEvent(
    object: EventObject,
    severity: EventSeverity,
    message: string,
    extra: { reason?: string; metadata?: Record<string, string> } = {},
  ): FluxEvent {
    // `group/version`, or just `version` for the core group, which has no name to prefix with.
    const apiVersion = object.apiVersion ?? '';
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    const metadata: Record<string, string> = {};
    for (const [key, value] of Object.entries(extra.metadata ?? {})) {
      metadata[key.includes('/') || !group ? key : `${group}/${key}`] = value;
    }
    const ready = getCondition(object, ConditionType.Ready);
    const event: FluxEvent = {
      involvedObject: {
        kind: object.kind ?? '',
        namespace: object.metadata.namespace ?? '',
        name: object.metadata.name,
        uid: object.metadata.uid,
        apiVersion: object.apiVersion,
        resourceVersion: object.metadata.resourceVersion,
      },
      severity,
      timestamp: rfc3339(this.#now()),
      message,
      reason: extra.reason ?? ready?.reason ?? (severity === EventSeverity.Error ? 'Failed' : 'Succeeded'),
      reportingController: this.options.controller,
      reportingInstance: this.options.instance,
    };
    if (Object.keys(metadata).length > 0) event.metadata = metadata;
    return event;
  }

  async #recordKubernetesEvent(object: EventObject, event: FluxEvent): Promise<void> {
    const namespace = object.metadata.namespace || 'default';
    const time = event.timestamp;
    try {
      await this.deps.client.create(coreEventType, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: {
          name: `${object.metadata.name}.${Date.now().toString(16)}${randomBytes(2).toString('hex')}`,
          namespace,
          annotations: event.metadata,
        },
        involvedObject: event.involvedObject,
        reason: event.reason,
        message: event.message,
        type: event.severity === EventSeverity.Error ? 'Warning' : 'Normal',
        source: { component: this.options.controller },
        reportingComponent: this.options.controller,
        reportingInstance: this.options.instance,
        firstTimestamp: time,
        lastTimestamp: time,
        count: 1,
      });
    } catch (error) {
      this.deps.logger.warn({ err: error, reason: event.reason }, 'could not record the Kubernetes event');
    }
  }

  async #publish(event: FluxEvent): Promise<void> {
    // As in Flux, trace events are for `kubectl describe` only; alerts never see them.
    if (!this.deps.publish || event.severity === EventSeverity.Trace) return;
    try {
      await this.deps.publish(event);
    } catch (error) {
      this.deps.logger.warn({ err: error, reason: event.reason }, 'could not publish the event');
    }
  }

  #now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}
