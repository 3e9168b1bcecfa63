import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FluxEvent } from '@driftless/api';
import { type Bus, createEventPublisher, ensureTopology, publishEvent } from '@driftless/bus';
import { freePort, type NatsServer, startNatsServer } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { type EventsFlags, runEvents } from '../../src/commands/ops/events-command.js';
import { connectBusFor, resolveConnection } from '../../src/context/connection.js';
import { ExitCode } from '../../src/exit-code.js';
import { captureIo, waitFor } from './capture-io.js';

const prefix = 'opsevents';

function fluxEvent(
  kind: string,
  namespace: string,
  name: string,
  severity: 'info' | 'error',
  reason: string,
  controller: string,
): FluxEvent {
  return {
    involvedObject: { kind, namespace, name, apiVersion: 'v1' },
    severity,
    timestamp: new Date().toISOString(),
    message: `${reason} for ${name}`,
    reason,
    reportingController: controller,
  };
}

describe('driftless events', () => {
  let nats: NatsServer;
  let bus: Bus;
  let cwd: string;
  const base = (): EventsFlags => ({ natsUrl: nats.url, natsPrefix: prefix, follow: false });
  const jsonLines = (text: string) =>
    text
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as FluxEvent);

  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'driftless-events-'));
    nats = await startNatsServer();
    bus = await connectBusFor(resolveConnection({ natsUrl: nats.url, natsPrefix: prefix }, {}, cwd));
    await ensureTopology(bus);
    const kustomize = createEventPublisher(bus, { controller: 'kustomize-controller' });
    await kustomize(
      fluxEvent('Kustomization', 'default', 'podinfo', 'info', 'ReconciliationSucceeded', 'kustomize-controller'),
    );
    await kustomize(
      fluxEvent('Kustomization', 'default', 'podinfo', 'error', 'HealthCheckFailed', 'kustomize-controller'),
    );
    await publishEvent(
      bus,
      'source-controller',
      fluxEvent('GitRepository', 'default', 'podinfo', 'info', 'NewArtifact', 'source-controller'),
    );
    await publishEvent(
      bus,
      'source-controller',
      fluxEvent('GitRepository', 'apps', 'web.app', 'info', 'NewArtifact', 'source-controller'),
    );
  });

  afterAll(async () => {
    await bus?.close();
    await nats?.stop();
    await rm(cwd, { recursive: true, force: true });
  });

  it('prints the stored events of the default namespace as table lines and exits with --no-follow', async () => {
    const io = captureIo({ cwd });
    expect(await runEvents(base(), io)).toBe(ExitCode.ok);
    const lines = io.out().trim().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+SEVERITY\s+OBJECT\s+REASON\s+MESSAGE$/);
    expect(lines.slice(1)).toHaveLength(3);
    expect(io.out()).toMatch(
      /error\s+Kustomization\/default\/podinfo\s+HealthCheckFailed\s+HealthCheckFailed for podinfo/,
    );
    expect(io.out()).not.toContain('web.app');
  });

  it('--for Kind/name with -o json prints one event object a line', async () => {
    const io = captureIo({ cwd });
    expect(await runEvents({ ...base(), for: 'Kustomization/podinfo', output: 'json' }, io)).toBe(ExitCode.ok);
    const events = jsonLines(io.out());
    expect(events.map((event) => event.reason)).toEqual(['ReconciliationSucceeded', 'HealthCheckFailed']);
  });

  it('filters by severity, controller and kind alias across namespaces', async () => {
    const errors = captureIo({ cwd });
    await runEvents({ ...base(), allNamespaces: true, severity: 'error', output: 'json' }, errors);
    expect(jsonLines(errors.out()).map((event) => event.reason)).toEqual(['HealthCheckFailed']);

    const source = captureIo({ cwd });
    await runEvents({ ...base(), allNamespaces: true, controller: 'source-controller', output: 'json' }, source);
    expect(jsonLines(source.out()).map((event) => event.involvedObject.name)).toEqual(['podinfo', 'web.app']);

    const yaml = captureIo({ cwd });
    await runEvents({ ...base(), kind: 'ks', output: 'yaml' }, yaml);
    const documents = parseAllDocuments(yaml.out()).map((doc) => doc.toJS() as FluxEvent);
    expect(documents.map((event) => event.involvedObject.kind)).toEqual(['Kustomization', 'Kustomization']);
  });

  it('says so on stderr when nothing matches, and --since limits by age', async () => {
    const none = captureIo({ cwd });
    expect(await runEvents({ ...base(), for: 'Kustomization/missing' }, none)).toBe(ExitCode.ok);
    expect(none.out()).toBe('');
    expect(none.err()).toContain('no events found');

    await new Promise((resolve) => setTimeout(resolve, 20));
    const recent = captureIo({ cwd });
    await runEvents({ ...base(), since: '5ms', output: 'json' }, recent);
    expect(recent.out()).toBe('');
    const all = captureIo({ cwd });
    await runEvents({ ...base(), all: true, output: 'json' }, all);
    expect(jsonLines(all.out())).toHaveLength(3);
  });

  it('follows: an event published after the start arrives, then Ctrl-C ends the command', async () => {
    const live = (reason: string) => fluxEvent('GitRepository', 'default', 'live', 'info', reason, 'source-controller');
    await publishEvent(bus, 'source-controller', live('Stored'));
    const abort = new AbortController();
    const io = captureIo({ cwd, signal: abort.signal });
    const running = runEvents({ ...base(), follow: true, for: 'GitRepository/live', output: 'json' }, io);
    await waitFor(() => io.out().includes('"Stored"'), 'the stored event');
    await publishEvent(bus, 'source-controller', live('Published'));
    await waitFor(() => io.out().includes('"Published"'), 'the followed event');
    abort.abort();
    expect(await running).toBe(ExitCode.ok);
    expect(jsonLines(io.out()).map((event) => event.reason)).toEqual(['Stored', 'Published']);
  });

  it('exits 4 naming the address when NATS cannot be reached', async () => {
    const url = `nats://127.0.0.1:${await freePort()}`;
    const io = captureIo({ cwd });
    expect(await runEvents({ ...base(), natsUrl: url }, io)).toBe(ExitCode.unreachable);
    expect(io.err()).toContain('driftless events:');
    expect(io.err()).toContain(url);
  });

  it('rejects a malformed --for with a usage error', async () => {
    const io = captureIo({ cwd });
    expect(await runEvents({ ...base(), for: 'podinfo' }, io)).toBe(ExitCode.usage);
  });
});
