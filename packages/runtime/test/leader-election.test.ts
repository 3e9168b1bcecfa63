import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { type DevCluster, startDevCluster } from '@driftless/devcluster';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tryParseDuration } from '../src/duration.js';
import { KubeClient } from '../src/kube-client.js';
import {
  createLeaderElector,
  defaultLeaderElectionOptions,
  type LeaderCallbacks,
  LeaderElectionError,
  type LeaderElectionOptions,
  type LeaderElector,
  leaderElectionOptionsFromConfig,
} from '../src/leader-election.js';
import { leaderElectionConfig } from '../src/leader-election-config.js';

const fast = { leaseDurationSeconds: 2, renewDeadlineSeconds: 1.5, retryPeriodSeconds: 0.3, releaseOnStop: true };
const microTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const childScript = fileURLToPath(new URL('./fixtures/leader-child.mjs', import.meta.url));
const builtModule = fileURLToPath(new URL('../dist/leader-election.js', import.meta.url));

interface LogLine {
  level: string;
  msg?: string;
  fields: object;
}

/** Records what one elector saw, through its callbacks. */
function tracker() {
  const state = {
    started: 0,
    stopped: 0,
    startedAt: [] as number[],
    signals: [] as AbortSignal[],
    leaders: [] as string[],
  };
  const callbacks: LeaderCallbacks = {
    onStartedLeading(signal) {
      state.started += 1;
      state.startedAt.push(Date.now());
      state.signals.push(signal);
    },
    onStoppedLeading() {
      state.stopped += 1;
    },
    onNewLeader(identity) {
      state.leaders.push(identity);
    },
  };
  return { state, callbacks };
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}`);
    await sleep(25);
  }
}

describe('leader election against the dev cluster', () => {
  let cluster: DevCluster;
  let kubeConfig: KubeConfig;
  let electors: LeaderElector[] = [];
  let logs: LogLine[] = [];
  let leaseCounter = 0;
  let child: ChildProcess | undefined;

  const newLeaseName = () => `driftless-test-${++leaseCounter}`;

  const logger = {
    debug: () => {},
    info: (fields: object, msg?: string) => logs.push({ level: 'info', msg, fields }),
    warn: (fields: object, msg?: string) => logs.push({ level: 'warn', msg, fields }),
    error: (fields: object, msg?: string) => logs.push({ level: 'error', msg, fields }),
  };

  function elector(identity: string, leaseName: string, timing: Partial<LeaderElectionOptions> = {}): LeaderElector {
    const options = {
      ...defaultLeaderElectionOptions(),
      ...fast,
      ...timing,
      leaseName,
      namespace: 'default',
      identity,
    };
    const created = createLeaderElector(new KubeClient(kubeConfig), options, { logger });
    electors.push(created);
    return created;
  }

  async function readLease(name: string) {
    const response = await fetch(`${cluster.url}/apis/coordination.k8s.io/v1/namespaces/default/leases/${name}`);
    expect(response.status).toBe(200);
    return (await response.json()) as {
      metadata: { resourceVersion: string };
      spec: {
        holderIdentity?: string;
        leaseDurationSeconds?: number;
        acquireTime?: string;
        renewTime?: string;
        leaseTransitions?: number;
      };
    };
  }

  beforeAll(async () => {
    cluster = await startDevCluster({ port: 0 });
    kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(cluster.kubeconfigPath);
  });

  afterEach(async () => {
    cluster.setFaults({ errorRate: 0 });
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }
    child = undefined;
    await Promise.all(electors.map((e) => e.stop()));
    electors = [];
    logs = [];
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('elects exactly one of two replicas and records it in the Lease', async () => {
    const leaseName = newLeaseName();
    const alpha = elector('alpha', leaseName);
    const beta = elector('beta', leaseName);
    const a = tracker();
    const b = tracker();
    let leadingNow = 0;
    let mostAtOnce = 0;
    const counted = (callbacks: LeaderCallbacks): LeaderCallbacks => ({
      ...callbacks,
      onStartedLeading(signal) {
        leadingNow += 1;
        mostAtOnce = Math.max(mostAtOnce, leadingNow);
        return callbacks.onStartedLeading(signal);
      },
      onStoppedLeading() {
        leadingNow -= 1;
        callbacks.onStoppedLeading();
      },
    });
    void alpha.run(counted(a.callbacks));
    void beta.run(counted(b.callbacks));

    await waitFor(() => alpha.isLeader() || beta.isLeader(), 10_000, 'a leader');
    const first = await readLease(leaseName);
    await sleep(1_500);

    const leaders = [alpha, beta].filter((e) => e.isLeader());
    expect(leaders.map((e) => e.identity)).toHaveLength(1);
    const [leader] = leaders;
    const follower = leader === alpha ? b : a;
    const lease = await readLease(leaseName);
    expect(lease.spec).toMatchObject({ holderIdentity: leader.identity, leaseDurationSeconds: 2, leaseTransitions: 0 });
    expect(lease.spec.acquireTime).toMatch(microTime);
    expect(lease.spec.renewTime).toMatch(microTime);
    expect(lease.spec.acquireTime).toBe(first.spec.acquireTime);
    expect(lease.spec.renewTime).not.toBe(first.spec.renewTime);
    expect(mostAtOnce).toBe(1);
    expect(follower.state.started).toBe(0);
    expect(follower.state.leaders).toEqual([leader.identity]);
    expect(logs.filter((line) => line.level === 'error')).toEqual([]);
  });

  it('releases the Lease on a graceful stop, as client-go does', async () => {
    const leaseName = newLeaseName();
    const alpha = elector('alpha', leaseName);
    const a = tracker();
    const running = alpha.run(a.callbacks);
    await waitFor(() => alpha.isLeader(), 10_000, 'alpha to lead');

    await alpha.stop();
    await expect(running).resolves.toBeUndefined();
    expect(alpha.isLeader()).toBe(false);
    expect(a.state.stopped).toBe(1);
    expect(a.state.signals[0].aborted).toBe(true);
    const lease = await readLease(leaseName);
    expect(lease.spec).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1, leaseTransitions: 0 });
  });

  it('hands over to a waiting replica long before the stopped leader’s Lease would expire', async () => {
    const leaseName = newLeaseName();
    // With a 30s lease, only a release lets beta lead within the 8s the test waits.
    const slow = { leaseDurationSeconds: 30 };
    const alpha = elector('alpha', leaseName, slow);
    const beta = elector('beta', leaseName, slow);
    const a = tracker();
    const b = tracker();
    void alpha.run(a.callbacks);
    await waitFor(() => alpha.isLeader(), 10_000, 'alpha to lead');
    void beta.run(b.callbacks);
    await waitFor(() => b.state.leaders.includes('alpha'), 10_000, 'beta to see alpha leading');
    expect(beta.isLeader()).toBe(false);

    await alpha.stop();
    await waitFor(() => beta.isLeader(), 8_000, 'beta to take over');
    const lease = await readLease(leaseName);
    expect(lease.spec).toMatchObject({ holderIdentity: 'beta', leaseDurationSeconds: 30, leaseTransitions: 1 });
    expect(b.state.leaders).toEqual(['alpha', 'beta']);
  });

  it('takes over from a killed process only after its Lease expires', async () => {
    if (!existsSync(builtModule)) {
      throw new Error(`${builtModule} is missing: run npx tsc -p packages/runtime/tsconfig.build.json first`);
    }
    const leaseName = newLeaseName();
    const spawned = spawn(process.execPath, [childScript, cluster.kubeconfigPath, 'child', leaseName], {
      env: {
        ...process.env,
        LEADER_ELECTION_LEASE_DURATION: '2s',
        LEADER_ELECTION_RENEW_DEADLINE: '1500ms',
        LEADER_ELECTION_RETRY_PERIOD: '300ms',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = spawned;
    let stdout = '';
    let stderr = '';
    spawned.stdout?.on('data', (chunk) => {
      stdout += chunk;
    });
    spawned.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    await waitFor(() => stdout.includes('leading') || spawned.exitCode !== null, 15_000, 'the child to lead');
    expect(stdout, stderr).toContain('leading');

    const survivor = elector('survivor', leaseName);
    const s = tracker();
    void survivor.run(s.callbacks);
    await waitFor(() => s.state.leaders.includes('child'), 10_000, 'the survivor to see the child leading');
    // Longer than the lease duration: the child's renewals must keep the survivor out.
    await sleep(2_500);
    expect(survivor.isLeader()).toBe(false);
    expect(s.state.started).toBe(0);

    const killedAt = Date.now();
    const exited = once(spawned, 'exit');
    spawned.kill('SIGKILL');
    await exited;

    await waitFor(() => survivor.isLeader(), 2_000 + 4_000, 'the survivor to take over within the lease duration');
    expect(s.state.startedAt[0]).toBeGreaterThanOrEqual(killedAt);
    const lease = await readLease(leaseName);
    expect(lease.spec).toMatchObject({ holderIdentity: 'survivor', leaseTransitions: 1 });
  });

  it('steps down when renewals fail past the renew deadline and leads again once the API recovers', async () => {
    const leaseName = newLeaseName();
    const alpha = elector('alpha', leaseName);
    const a = tracker();
    const running = alpha.run(a.callbacks);
    let settled = false;
    void running.then(() => {
      settled = true;
    });
    await waitFor(() => alpha.isLeader(), 10_000, 'alpha to lead');

    cluster.setFaults({ errorRate: 1 });
    await waitFor(() => a.state.stopped === 1, 8_000, 'alpha to step down');
    expect(alpha.isLeader()).toBe(false);
    expect(a.state.signals[0].aborted).toBe(true);
    expect(logs.some((line) => line.msg === 'failed to renew the lease in time')).toBe(true);

    cluster.setFaults({ errorRate: 0 });
    await waitFor(() => a.state.started === 2, 8_000, 'alpha to lead again');
    expect(alpha.isLeader()).toBe(true);
    expect(a.state.signals[1].aborted).toBe(false);
    expect(settled).toBe(false);
    const lease = await readLease(leaseName);
    expect(lease.spec.holderIdentity).toBe('alpha');

    await alpha.stop();
    await expect(running).resolves.toBeUndefined();
  });

  it('refuses a second run() on the same elector', async () => {
    const alpha = elector('alpha', newLeaseName());
    void alpha.run(tracker().callbacks);
    await expect(alpha.run(tracker().callbacks)).rejects.toThrow(LeaderElectionError);
  });
});

describe('leaderElectionConfig', () => {
  it('defaults to client-go’s timings in the default namespace', () => {
    expect(leaderElectionConfig.parse({})).toEqual({
      LEADER_ELECT: true,
      LEADER_ELECTION_NAMESPACE: 'default',
      LEADER_ELECTION_LEASE_DURATION: 15_000,
      LEADER_ELECTION_RENEW_DEADLINE: 10_000,
      LEADER_ELECTION_RETRY_PERIOD: 2_000,
    });
  });

  it('reads every variable and ignores unrelated ones', () => {
    const config = leaderElectionConfig.parse({
      LEADER_ELECT: 'false',
      LEADER_ELECTION_NAMESPACE: 'flux-system',
      LEADER_ELECTION_LEASE_DURATION: '1m',
      LEADER_ELECTION_RENEW_DEADLINE: '40s',
      LEADER_ELECTION_RETRY_PERIOD: '500ms',
      HOME: '/root',
    });
    expect(config).toEqual({
      LEADER_ELECT: false,
      LEADER_ELECTION_NAMESPACE: 'flux-system',
      LEADER_ELECTION_LEASE_DURATION: 60_000,
      LEADER_ELECTION_RENEW_DEADLINE: 40_000,
      LEADER_ELECTION_RETRY_PERIOD: 500,
    });
    expect(leaderElectionOptionsFromConfig(config, { leaseName: 'source-controller', identity: 'pod-1' })).toEqual({
      leaseName: 'source-controller',
      namespace: 'flux-system',
      identity: 'pod-1',
      leaseDurationSeconds: 60,
      renewDeadlineSeconds: 40,
      retryPeriodSeconds: 0.5,
      releaseOnStop: true,
    });
  });

  it.each([
    [{ LEADER_ELECTION_RENEW_DEADLINE: '15s' }, 'LEADER_ELECTION_RENEW_DEADLINE', /shorter than LEADER_ELECTION_LEASE/],
    [{ LEADER_ELECTION_LEASE_DURATION: '5s' }, 'LEADER_ELECTION_RENEW_DEADLINE', /shorter than LEADER_ELECTION_LEASE/],
    [
      { LEADER_ELECTION_RETRY_PERIOD: '9s' },
      'LEADER_ELECTION_RENEW_DEADLINE',
      /longer than 1.2 × LEADER_ELECTION_RETRY/,
    ],
    [{ LEADER_ELECTION_LEASE_DURATION: 'soon' }, 'LEADER_ELECTION_LEASE_DURATION', /positive duration/],
    [{ LEADER_ELECTION_RETRY_PERIOD: '0s' }, 'LEADER_ELECTION_RETRY_PERIOD', /positive duration/],
    [{ LEADER_ELECT: 'maybe' }, 'LEADER_ELECT', /./],
  ])('rejects %o, naming %s', (env, variable, why) => {
    const result = leaderElectionConfig.safeParse(env);
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.path).toEqual([variable]);
    expect(issue?.message).toMatch(why);
    if (variable !== 'LEADER_ELECT') expect(issue?.message).toContain(variable);
  });

  it.each([
    ['15s', 15_000],
    ['500ms', 500],
    ['1m', 60_000],
    ['1m30s', 90_000],
    ['1.5s', 1_500],
    ['2h', 7_200_000],
    ['15', undefined],
    ['s', undefined],
    ['-1s', undefined],
    ['', undefined],
  ])('tryParseDuration(%j) = %j', (text, ms) => {
    expect(tryParseDuration(text)).toBe(ms);
  });

  it('makes createLeaderElector refuse the same bad timing', () => {
    const options = {
      ...defaultLeaderElectionOptions(),
      leaseName: 'x',
      namespace: 'default',
      identity: 'a',
      renewDeadlineSeconds: 15,
    };
    expect(() => createLeaderElector({} as KubeClient, options, { logger: console })).toThrow(
      /renewDeadlineSeconds .* must be shorter than leaseDurationSeconds/,
    );
  });
});
