import { performance } from 'node:perf_hooks';
import type { KubeClient } from './kube-client.js';
import { KubeApiError, NotFoundError } from './kube-errors.js';
import {
  LEADER_ELECTION_JITTER_FACTOR,
  type LeaderElectionConfig,
  leaderElectionTimingProblem,
} from './leader-election-config.js';
import type { LogSink } from './log-sink.js';
import type { KubeObject, ResourceType } from './resource.js';
import { sleep } from './sleep.js';

const leaseType: ResourceType = {
  group: 'coordination.k8s.io',
  version: 'v1',
  kind: 'Lease',
  plural: 'leases',
  namespaced: true,
};

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

type Lease = KubeObject & { spec?: LeaseSpec };

export interface LeaderElectionOptions {
  leaseName: string;
  namespace: string;
  /** Unique per replica, usually the pod name plus a random suffix. */
  identity: string;
  /** How long others wait, from when they last saw the Lease change, before taking it over. */
  leaseDurationSeconds: number;
  /** How long the leader keeps retrying a failed renewal before it gives up leading. */
  renewDeadlineSeconds: number;
  /** Pause between attempts to acquire (jittered) or renew. */
  retryPeriodSeconds: number;
  /** On stop, hand the Lease back so another replica takes over at once instead of after it expires. */
  releaseOnStop: boolean;
}

export type LeaderElectionTiming = Omit<LeaderElectionOptions, 'leaseName' | 'namespace' | 'identity'>;

/** client-go's (and Flux's) defaults: 15s lease, 10s renew deadline, 2s retry period. */
export function defaultLeaderElectionOptions(): LeaderElectionTiming {
  return { leaseDurationSeconds: 15, renewDeadlineSeconds: 10, retryPeriodSeconds: 2, releaseOnStop: true };
}

/** Builds the options from the parsed `leaderElectionConfig` fragment. */
export function leaderElectionOptionsFromConfig(
  config: LeaderElectionConfig,
  lease: { leaseName: string; identity: string },
): LeaderElectionOptions {
  return {
    ...defaultLeaderElectionOptions(),
    ...lease,
    namespace: config.LEADER_ELECTION_NAMESPACE,
    leaseDurationSeconds: config.LEADER_ELECTION_LEASE_DURATION / 1000,
    renewDeadlineSeconds: config.LEADER_ELECTION_RENEW_DEADLINE / 1000,
    retryPeriodSeconds: config.LEADER_ELECTION_RETRY_PERIOD / 1000,
  };
}

export interface LeaderCallbacks {
  /** Called when this replica starts leading; the signal aborts when it stops. */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  /** Called when this replica stops leading, before the Lease is released. */
  onStoppedLeading(): void;
  /** Called whenever another holder (or this one) is first seen holding the Lease. */
  onNewLeader?(identity: string): void;
}

export interface LeaderElector {
  /** Campaigns, leads, and campaigns again after losing the Lease, until stopped. Never rejects on API errors. */
  run(callbacks: LeaderCallbacks): Promise<void>;
  /** Stops campaigning; when leading, stops leading and (with releaseOnStop) releases the Lease. */
  stop(): Promise<void>;
  isLeader(): boolean;
  readonly identity: string;
}

export class LeaderElectionError extends Error {
  override readonly name = 'LeaderElectionError';
}

/** What this replica last saw in the Lease, and when by its own clock (monotonic milliseconds). */
interface Observation {
  spec: LeaseSpec;
  key: string;
  at: number;
}

export function createLeaderElector(
  client: KubeClient,
  options: LeaderElectionOptions,
  deps: { logger: LogSink },
): LeaderElector {
  validateOptions(options);
  const { leaseName: name, namespace, identity } = options;
  const leaseMs = options.leaseDurationSeconds * 1000;
  const renewDeadlineMs = options.renewDeadlineSeconds * 1000;
  const retryMs = options.retryPeriodSeconds * 1000;
  const fields = { lease: `${namespace}/${name}`, identity };
  const log = deps.logger;

  const stopping = new AbortController();
  let running: Promise<void> | undefined;
  let leading = false;
  let observed: Observation | undefined;
  let reportedLeader = '';

  const observe = (spec: LeaseSpec | undefined) => {
    const current = spec ?? {};
    const key = recordKey(current);
    if (observed?.key !== key) observed = { spec: current, key, at: performance.now() };
  };
  const observedHolder = () => observed?.spec.holderIdentity ?? '';

  /** By our own clock from when we saw the record change, never by renewTime: replicas' clocks may disagree. */
  const leaseStillValid = () => {
    if (!observed) return false;
    const seconds = observed.spec.leaseDurationSeconds;
    return observed.at + (seconds ? seconds * 1000 : leaseMs) > performance.now();
  };

  async function tryAcquireOrRenew(abandoned: AbortSignal): Promise<boolean> {
    const now = microTime(new Date());
    const desired = {
      holderIdentity: identity,
      leaseDurationSeconds: Math.ceil(options.leaseDurationSeconds),
      acquireTime: now,
      renewTime: now,
    };
    let lease: Lease;
    try {
      lease = await client.get<Lease>(leaseType, namespace, name);
    } catch (error) {
      if (!(error instanceof NotFoundError)) {
        log.warn({ ...fields, err: describeError(error) }, 'could not read the leader election lease');
        return false;
      }
      if (abandoned.aborted) return false;
      try {
        const created = await client.create<Lease>(leaseType, {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name, namespace },
          spec: { ...desired, leaseTransitions: 0 },
        });
        observe(created.spec);
        return true;
      } catch (createError) {
        const level = statusOf(createError) === 409 ? 'debug' : 'warn';
        log[level]({ ...fields, err: describeError(createError) }, 'could not create the leader election lease');
        return false;
      }
    }

    observe(lease.spec);
    const old = lease.spec ?? {};
    const heldByUs = old.holderIdentity === identity;
    if (old.holderIdentity && !heldByUs && leaseStillValid()) {
      log.debug({ ...fields, holder: old.holderIdentity }, 'lease is held by another replica and has not expired');
      return false;
    }
    if (abandoned.aborted) return false;
    const spec = heldByUs
      ? { ...old, ...desired, acquireTime: old.acquireTime ?? now, leaseTransitions: old.leaseTransitions ?? 0 }
      : { ...old, ...desired, leaseTransitions: (old.leaseTransitions ?? 0) + 1 };
    try {
      const replaced = await client.replace<Lease>(leaseType, { ...lease, spec });
      observe(replaced.spec);
      return true;
    } catch (error) {
      const level = statusOf(error) === 409 ? 'debug' : 'warn';
      log[level]({ ...fields, err: describeError(error) }, 'could not update the leader election lease');
      return false;
    }
  }

  /** One attempt, given up on after `ms`; a late answer never starts a write. */
  async function attempt(ms: number): Promise<boolean> {
    const abandon = new AbortController();
    const gaveUp = new Promise<boolean>((resolve) => {
      abandon.signal.addEventListener('abort', () => resolve(false), { once: true });
    });
    const timer = setTimeout(() => abandon.abort(), ms);
    try {
      return await Promise.race([tryAcquireOrRenew(abandon.signal), gaveUp]);
    } finally {
      clearTimeout(timer);
      abandon.abort();
    }
  }

  function reportLeader(callbacks: LeaderCallbacks) {
    const holder = observedHolder();
    if (holder === reportedLeader) return;
    reportedLeader = holder;
    if (!holder) return;
    log.info({ ...fields, leader: holder }, 'new leader observed');
    guard(() => callbacks.onNewLeader?.(holder), 'onNewLeader');
  }

  function guard(callback: () => void, what: string) {
    try {
      callback();
    } catch (error) {
      log.error({ ...fields, err: describeError(error) }, `${what} callback threw`);
    }
  }

  async function acquire(callbacks: LeaderCallbacks): Promise<boolean> {
    log.info(fields, 'attempting to acquire the leader election lease');
    while (!stopping.signal.aborted) {
      const acquired = await attempt(renewDeadlineMs);
      reportLeader(callbacks);
      if (acquired) return !stopping.signal.aborted;
      await sleep(retryMs * (1 + Math.random() * LEADER_ELECTION_JITTER_FACTOR), stopping.signal);
    }
    return false;
  }

  /** Renews every retry period until stopped, or until a renewal keeps failing past the renew deadline. */
  async function renew(callbacks: LeaderCallbacks): Promise<'stopped' | 'lost'> {
    for (;;) {
      await sleep(retryMs, stopping.signal);
      if (stopping.signal.aborted) return 'stopped';
      const deadline = performance.now() + renewDeadlineMs;
      let renewed = false;
      while (!renewed) {
        const remaining = deadline - performance.now();
        if (remaining <= 0) break;
        renewed = await attempt(remaining);
        reportLeader(callbacks);
        if (stopping.signal.aborted) return 'stopped';
        if (!renewed) await sleep(Math.min(retryMs, deadline - performance.now()), stopping.signal);
      }
      if (!renewed) {
        log.warn(
          { ...fields, renewDeadlineSeconds: options.renewDeadlineSeconds },
          'failed to renew the lease in time',
        );
        return 'lost';
      }
    }
  }

  async function release(): Promise<void> {
    if (observedHolder() !== identity) return;
    const deadline = performance.now() + renewDeadlineMs;
    while (performance.now() < deadline) {
      try {
        const lease = await client.get<Lease>(leaseType, namespace, name);
        if (lease.spec?.holderIdentity !== identity) return;
        const now = microTime(new Date());
        const spec = { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now };
        const released = await client.replace<Lease>(leaseType, { ...lease, spec });
        observe(released.spec);
        log.info(fields, 'released the leader election lease');
        return;
      } catch (error) {
        log.warn({ ...fields, err: describeError(error) }, 'could not release the leader election lease');
        await sleep(Math.min(retryMs, deadline - performance.now()));
      }
    }
  }

  async function lead(callbacks: LeaderCallbacks): Promise<'stopped' | 'lost'> {
    const leadership = new AbortController();
    leading = true;
    log.info(fields, 'started leading');
    Promise.resolve()
      .then(() => callbacks.onStartedLeading(leadership.signal))
      .catch((error: unknown) => log.error({ ...fields, err: describeError(error) }, 'onStartedLeading failed'));
    const outcome = await renew(callbacks);
    leading = false;
    leadership.abort();
    log.info({ ...fields, reason: outcome }, 'stopped leading');
    guard(() => callbacks.onStoppedLeading(), 'onStoppedLeading');
    return outcome;
  }

  async function loop(callbacks: LeaderCallbacks): Promise<void> {
    while (!stopping.signal.aborted) {
      if (!(await acquire(callbacks))) break;
      if ((await lead(callbacks)) === 'stopped') break;
    }
    if (options.releaseOnStop) await release();
  }

  return {
    identity,
    run(callbacks) {
      if (running) return Promise.reject(new LeaderElectionError('run() was already called on this elector'));
      running = loop(callbacks);
      return running;
    },
    async stop() {
      stopping.abort();
      await running;
    },
    isLeader: () => leading,
  };
}

function validateOptions(options: LeaderElectionOptions): void {
  for (const key of ['leaseName', 'namespace', 'identity'] as const) {
    if (!options[key]) throw new LeaderElectionError(`leader election ${key} must not be empty`);
  }
  const problem = leaderElectionTimingProblem({
    leaseDurationMs: options.leaseDurationSeconds * 1000,
    renewDeadlineMs: options.renewDeadlineSeconds * 1000,
    retryPeriodMs: options.retryPeriodSeconds * 1000,
    names: {
      leaseDuration: 'leaseDurationSeconds',
      renewDeadline: 'renewDeadlineSeconds',
      retryPeriod: 'retryPeriodSeconds',
    },
  });
  if (problem) throw new LeaderElectionError(problem.message);
}

/** metav1.MicroTime: RFC 3339 with microseconds. */
function microTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function recordKey(spec: LeaseSpec): string {
  return JSON.stringify([
    spec.holderIdentity ?? '',
    spec.leaseDurationSeconds ?? 0,
    spec.acquireTime ?? '',
    spec.renewTime ?? '',
    spec.leaseTransitions ?? 0,
  ]);
}

function statusOf(error: unknown): number | undefined {
  return error instanceof KubeApiError ? error.statusCode : undefined;
}

/** A loggable summary: the typed error's message, never a raw response. */
function describeError(error: unknown): { name: string; code?: number | string; message: string } {
  if (error instanceof KubeApiError) return { name: error.name, code: error.statusCode, message: error.message };
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: 'Error', message: String(error) };
}
