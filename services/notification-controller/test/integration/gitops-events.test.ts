import { createHmac } from 'node:crypto';
import { type CapturedRequest, type CaptureServer, eventually, startCaptureServer } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configMapYaml, type GitopsRepo, type GitopsStack, startGitopsStack } from './gitops-stack.js';
import {
  configMapType,
  gitRepositoryType,
  kustomizationType,
  type NotificationHarness,
  receiverType,
  secretType,
  startNotificationHarness,
} from './harness.js';

const slow = 120_000;
const waitLong = { timeoutMs: 60_000, intervalMs: 100 };
const requestedAtAnnotation = 'reconcile.fluxcd.io/requestedAt';

interface Conditioned {
  metadata: { uid?: string; annotations?: Record<string, string> };
  status?: {
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    artifact?: { revision: string };
    lastAppliedRevision?: string;
    webhookPath?: string;
  };
  data?: Record<string, string>;
}

interface PagerDutyEvent {
  routing_key: string;
  event_action: 'trigger' | 'resolve';
  dedup_key: string;
  payload?: Record<string, unknown>;
}

let h: NotificationHarness;
let stack: GitopsStack;
const servers: CaptureServer[] = [];

beforeAll(async () => {
  h = await startNotificationHarness();
  stack = await startGitopsStack(h);
}, slow);
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await stack?.stop();
  await h?.stop();
}, slow);

async function get(type: typeof configMapType, namespace: string, name: string): Promise<Conditioned> {
  return (await h.client.get(type, namespace, name)) as unknown as Conditioned;
}

function isReady(object: Conditioned): boolean {
  return object.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Waits for `check` on the object; the failure names the last status seen. */
async function waitFor(
  type: typeof configMapType,
  namespace: string,
  name: string,
  check: (object: Conditioned) => boolean,
): Promise<Conditioned> {
  let last: Conditioned | undefined;
  try {
    return await eventually(async () => {
      last = await get(type, namespace, name);
      return check(last) ? last : false;
    }, waitLong);
  } catch (error) {
    throw new Error(
      `${type.kind} ${namespace}/${name}: ${(error as Error).message}\nlast seen: ${JSON.stringify(last?.status ?? last?.data)}\nsource-controller: ${stack.sourceLogs().slice(-2_000)}\nkustomize-controller: ${stack.kustomizeLogs().slice(-2_000)}`,
    );
  }
}

function pagerDutyEvents(server: CaptureServer): { request: CapturedRequest; event: PagerDutyEvent }[] {
  return server
    .requests()
    .filter((request) => request.method === 'POST' && request.url === '/v2/enqueue')
    .map((request) => ({ request, event: request.json as PagerDutyEvent }));
}

describe('notifications from a real GitOps pipeline (source- and kustomize-controller processes)', () => {
  it(
    'PagerDuty: a failing Kustomization triggers an incident and its recovery resolves it, with one dedup_key',
    async () => {
      const ns = await h.namespace();
      const pagerduty = await startCaptureServer({ respond: () => ({ status: 202, body: '{"status":"success"}' }) });
      servers.push(pagerduty);
      const routingKey = 'R0UT1NGKEY0123456789ABCDEFGHIJKL';
      await h.provider(ns, 'pagerduty', { type: 'pagerduty', address: pagerduty.url, channel: routingKey });
      await h.alert(ns, 'on-call', {
        providerRef: { name: 'pagerduty' },
        eventSources: [{ kind: 'Kustomization', name: 'app' }],
      });

      const repo = await stack.deploy(ns, 'app', { 'settings.yaml': configMapYaml(ns, 'settings', { color: 'blue' }) });
      const healthy = await waitFor(kustomizationType, ns, 'app', isReady);
      const uid = healthy.metadata.uid;
      expect(uid).toMatch(/\w/);
      // The first apply is announced as a resolve; what came before it is the other test's subject.
      await eventually(
        () => pagerDutyEvents(pagerduty).some(({ event }) => event.event_action === 'resolve'),
        waitLong,
      );
      const healthyUntil = pagerDutyEvents(pagerduty).length;

      const broken = await repo.change(
        { 'broken.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: [unclosed\n' },
        'break it',
      );
      await waitFor(kustomizationType, ns, 'app', (object) =>
        Boolean(object.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'False')),
      );
      const trigger = await eventually(
        () =>
          pagerDutyEvents(pagerduty)
            .slice(healthyUntil)
            .find(({ event }) => event.event_action === 'trigger') ?? false,
        waitLong,
      );
      expect(trigger.request.headers['content-type']).toMatch(/^application\/json/);
      expect(trigger.event).toEqual({
        routing_key: routingKey,
        event_action: 'trigger',
        dedup_key: uid,
        payload: {
          summary: 'build failed: kustomization/app',
          source: 'Flux kustomize-controller',
          severity: 'error',
          timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
          component: 'app',
          group: 'Kustomization',
          custom_details: {
            message: expect.stringContaining('broken.yaml'),
            metadata: { revision: `main@sha1:${broken}` },
          },
        },
      });

      const fixed = await repo.change({ 'broken.yaml': null }, 'fix it');
      await waitFor(
        kustomizationType,
        ns,
        'app',
        (object) => isReady(object) && object.status?.lastAppliedRevision === `main@sha1:${fixed}`,
      );
      const resolve = await eventually(() => {
        const events = pagerDutyEvents(pagerduty);
        const triggeredAt = events.findIndex(({ request }) => request === trigger.request);
        return events.slice(triggeredAt + 1).find(({ event }) => event.event_action === 'resolve') ?? false;
      }, waitLong);
      expect(resolve.event).toEqual({ routing_key: routingKey, event_action: 'resolve', dedup_key: uid });

      const keys = new Set(pagerDutyEvents(pagerduty).map(({ event }) => event.dedup_key));
      expect([...keys]).toEqual([uid]);
    },
    slow,
  );

  // Flux's kustomize-controller only logs a missing source or artifact (Ready=False ArtifactFailed, no
  // event), so a Kustomization applied a moment before its GitRepository has fetched pages nobody.
  it(
    'PagerDuty: a Kustomization that only waits for its source to appear opens no incident',
    async () => {
      const ns = await h.namespace();
      const pagerduty = await startCaptureServer({ respond: () => ({ status: 202, body: '{"status":"success"}' }) });
      servers.push(pagerduty);
      await h.provider(ns, 'pagerduty', { type: 'pagerduty', address: pagerduty.url, channel: 'ROUTINGKEY' });
      await h.alert(ns, 'on-call', {
        providerRef: { name: 'pagerduty' },
        eventSources: [{ kind: 'Kustomization', name: 'app' }],
      });

      await stack.kustomization(ns, 'app');
      await waitFor(kustomizationType, ns, 'app', (object) =>
        Boolean(object.status?.conditions?.some((c) => c.type === 'Ready' && c.reason === 'ArtifactFailed')),
      );
      await stack.repository(ns, 'app', { 'settings.yaml': configMapYaml(ns, 'settings', { color: 'blue' }) });
      await waitFor(kustomizationType, ns, 'app', isReady);
      await eventually(
        () => pagerDutyEvents(pagerduty).some(({ event }) => event.event_action === 'resolve'),
        waitLong,
      );

      const triggers = pagerDutyEvents(pagerduty).filter(({ event }) => event.event_action === 'trigger');
      expect(triggers.map(({ event }) => event.payload?.summary)).toEqual([]);
    },
    slow,
  );

  describe('GitHub webhook Receiver', () => {
    const token = 'webhook-token-d6f1c0';

    /** A deployed ConfigMap, a Receiver for its GitRepository, and the Receiver's webhook URL. */
    async function setUp(): Promise<{ ns: string; repo: GitopsRepo; hookUrl: string; revision: string }> {
      const ns = await h.namespace();
      const repo = await stack.deploy(ns, 'app', { 'settings.yaml': configMapYaml(ns, 'settings', { color: 'blue' }) });
      await waitFor(kustomizationType, ns, 'app', isReady);
      await waitFor(configMapType, ns, 'settings', (object) => object.data?.color === 'blue');
      await h.client.create(secretType, {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'webhook-token', namespace: ns },
        stringData: { token },
      } as never);
      await h.client.create(receiverType, {
        apiVersion: 'notification.toolkit.fluxcd.io/v1',
        kind: 'Receiver',
        metadata: { name: 'github', namespace: ns },
        spec: {
          type: 'github',
          events: ['push'],
          resources: [{ kind: 'GitRepository', name: 'app' }],
          secretRef: { name: 'webhook-token' },
        },
      });
      const receiver = await waitFor(receiverType, ns, 'github', (object) =>
        Boolean(isReady(object) && object.status?.webhookPath),
      );
      const source = await get(gitRepositoryType, ns, 'app');
      return {
        ns,
        repo,
        hookUrl: `${h.receiverUrl}${receiver.status?.webhookPath}`,
        revision: source.status?.artifact?.revision ?? '',
      };
    }

    function pushPayload(ns: string, sha: string): string {
      return JSON.stringify({
        ref: 'refs/heads/main',
        before: '0'.repeat(40),
        after: sha,
        repository: { full_name: `${ns}/app`, clone_url: stack.git.repoUrl(`${ns}-app`), default_branch: 'main' },
        pusher: { name: 'driftless', email: 'test@driftless.invalid' },
        head_commit: { id: sha, message: 'paint it green' },
      });
    }

    function sign(body: string, key: string): string {
      return `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;
    }

    function post(url: string, body: string, headers: Record<string, string>): Promise<Response> {
      return fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-github-event': 'push', ...headers },
      });
    }

    it(
      'a GitHub push webhook with a valid signature makes the GitRepository fetch at once and the change reach the cluster',
      async () => {
        const { ns, repo, hookUrl, revision } = await setUp();
        const sha = await repo.push({ 'settings.yaml': configMapYaml(ns, 'settings', { color: 'green' }) }, 'green');
        expect(revision).not.toBe(`main@sha1:${sha}`);

        const body = pushPayload(ns, sha);
        const response = await post(hookUrl, body, { 'x-hub-signature-256': sign(body, token) });
        expect(response.status).toBe(200);

        await waitFor(configMapType, ns, 'settings', (object) => object.data?.color === 'green');
        const source = await get(gitRepositoryType, ns, 'app');
        expect(source.status?.artifact?.revision).toBe(`main@sha1:${sha}`);
        expect(source.metadata.annotations?.[requestedAtAnnotation]).toMatch(/^\d{4}-\d\d-\d\dT/);
      },
      slow,
    );

    it(
      'a webhook with a bad signature is refused and changes nothing',
      async () => {
        const { ns, repo, hookUrl, revision } = await setUp();
        const sha = await repo.push({ 'settings.yaml': configMapYaml(ns, 'settings', { color: 'red' }) }, 'red');
        const body = pushPayload(ns, sha);

        const wrongKey = await post(hookUrl, body, { 'x-hub-signature-256': sign(body, 'not-the-token') });
        expect(wrongKey.status).toBe(401);
        const otherBody = await post(hookUrl, body, { 'x-hub-signature-256': sign(`${body} `, token) });
        expect(otherBody.status).toBe(401);
        const unsigned = await post(hookUrl, body, {});
        expect(unsigned.status).toBe(401);
        expect(await unsigned.text()).not.toContain(token);

        await new Promise((resolve) => setTimeout(resolve, 3_000));
        const source = await get(gitRepositoryType, ns, 'app');
        expect(source.status?.artifact?.revision).toBe(revision);
        expect(source.metadata.annotations?.[requestedAtAnnotation]).toBeUndefined();
        expect((await get(configMapType, ns, 'settings')).data).toEqual({ color: 'blue' });

        // The same delivery, signed right, does move it: the refusal above was the signature's doing.
        const signed = await post(hookUrl, body, { 'x-hub-signature-256': sign(body, token) });
        expect(signed.status).toBe(200);
        await waitFor(configMapType, ns, 'settings', (object) => object.data?.color === 'red');
      },
      slow,
    );
  });
});
