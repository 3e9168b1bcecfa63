import { eventually, type NatsServer, startNatsServer } from '@driftless/testkit';
import { Kvm } from '@nats-io/kv';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type Artifact,
  type BusWatch,
  deleteImage,
  deleteImageTags,
  ensureTopology,
  getImageTags,
  getStatus,
  MessageValidationError,
  objectKey,
  putArtifact,
  putImage,
  putImageTags,
  putStatus,
  type WatchEvent,
  watchArtifacts,
  watchImages,
  watchStatus,
} from '../src/index.js';
import { type TestBus, testBus } from './helpers/bus-fixture.js';

let server: NatsServer;
let t: TestBus;
const watches: BusWatch<unknown, unknown>[] = [];

beforeAll(async () => {
  server = await startNatsServer();
});
afterAll(async () => {
  await server.stop();
});
afterEach(async () => {
  for (const w of watches.splice(0)) w.stop();
  await t.bus.close();
});

function artifact(name: string, revision: string): Artifact {
  return {
    kind: 'GitRepository',
    namespace: 'flux-system',
    name,
    revision,
    digest: `sha256:${'ab'.repeat(32)}`,
    url: `http://source-controller.flux-system.svc/gitrepository/flux-system/${name}/latest.tar.gz`,
    size: 1234,
    lastUpdateTime: '2025-03-01T10:00:00Z',
  };
}

function collect<K, V>(watch: BusWatch<K, V>): WatchEvent<K, V>[] {
  watches.push(watch as BusWatch<unknown, unknown>);
  const seen: WatchEvent<K, V>[] = [];
  void (async () => {
    for await (const e of watch) seen.push(e);
  })();
  return seen;
}

describe('KV helpers', () => {
  it('watchArtifacts yields current values first, then updates and deletions', async () => {
    t = await testBus(server);
    await ensureTopology(t.bus);
    await putArtifact(t.bus, artifact('infra.repo', 'main@sha1:1111111111111111111111111111111111111111'));
    await putArtifact(t.bus, artifact('apps', 'main@sha1:2222222222222222222222222222222222222222'));

    const seen = collect(await watchArtifacts(t.bus));
    await eventually(() => seen.length === 2);
    expect(seen.map((e) => [e.type, e.key.name, e.initial])).toEqual([
      ['put', 'infra.repo', true],
      ['put', 'apps', true],
    ]);

    await putArtifact(t.bus, artifact('infra.repo', 'main@sha1:3333333333333333333333333333333333333333'));
    const kv = await new Kvm(t.bus.js).open(`${t.bus.prefix}-artifacts`);
    await kv.delete(objectKey({ kind: 'GitRepository', namespace: 'flux-system', name: 'apps' }));
    await eventually(() => seen.length === 4);
    const update = seen[2];
    expect(update.type === 'put' && update.value.revision).toBe('main@sha1:3333333333333333333333333333333333333333');
    expect(update.initial).toBe(false);
    expect(seen[3]).toMatchObject({ type: 'delete', key: { name: 'apps' }, initial: false });
  });

  it('drops a malformed value with a warning and keeps watching', async () => {
    t = await testBus(server);
    await ensureTopology(t.bus);
    const seen = collect(await watchArtifacts(t.bus, { kind: 'GitRepository' }));
    const kv = await new Kvm(t.bus.js).open(`${t.bus.prefix}-artifacts`);
    const badKey = objectKey({ kind: 'GitRepository', namespace: 'flux-system', name: 'broken' });
    await kv.put(badKey, 'not json');
    await kv.put(badKey, JSON.stringify({ ...artifact('broken', 'main@sha1:x'), digest: 'md5:abc' }));
    await kv.put(
      objectKey({ kind: 'GitRepository', namespace: 'flux-system', name: 'elsewhere' }),
      JSON.stringify(artifact('mismatch', 'main@sha1:4444444444444444444444444444444444444444')),
    );
    await putArtifact(t.bus, artifact('fine', 'main@sha1:5555555555555555555555555555555555555555'));
    await eventually(() => seen.length === 1);
    expect(seen[0]).toMatchObject({ type: 'put', key: { name: 'fine' } });
    const warnings = t.logger.at('warn');
    expect(warnings.map((w) => w.obj.subject)).toEqual([
      `$KV.${t.bus.prefix}-artifacts.${badKey}`,
      `$KV.${t.bus.prefix}-artifacts.${badKey}`,
      `$KV.${t.bus.prefix}-artifacts.GitRepository.flux-system.elsewhere`,
    ]);
    expect(String(warnings[1].obj.err)).toMatch(/digest/);
    expect(t.counts.get('dropped:artifact')).toBe(3);
  });

  it('stores, reads and watches readiness', async () => {
    t = await testBus(server);
    await ensureTopology(t.bus);
    const ref = { kind: 'HelmRelease', namespace: 'apps', name: 'podinfo' };
    expect(await getStatus(t.bus, ref)).toBeUndefined();
    const seen = collect(await watchStatus(t.bus, { kind: 'HelmRelease' }));
    await putStatus(t.bus, ref, { ready: false, reason: 'Progressing', message: 'installing', observedGeneration: 1 });
    await putStatus(
      t.bus,
      { ...ref, kind: 'Kustomization' },
      { ready: true, reason: 'x', message: '', observedGeneration: 1 },
    );
    await putStatus(t.bus, ref, {
      ready: true,
      reason: 'InstallSucceeded',
      message: 'Helm install succeeded',
      revision: '6.7.0',
      observedGeneration: 1,
    });
    expect(await getStatus(t.bus, ref)).toEqual({
      ready: true,
      reason: 'InstallSucceeded',
      message: 'Helm install succeeded',
      revision: '6.7.0',
      observedGeneration: 1,
    });
    await eventually(() => seen.length === 2);
    expect(seen.map((e) => e.type === 'put' && e.value.reason)).toEqual(['Progressing', 'InstallSucceeded']);

    const kv = await new Kvm(t.bus.js).open(`${t.bus.prefix}-status`);
    await kv.put(objectKey(ref), '{"ready":"yes"}');
    expect(await getStatus(t.bus, ref)).toBeUndefined();
    expect(t.logger.at('warn').length).toBeGreaterThanOrEqual(1);
    await expect(
      putStatus(t.bus, ref, { ready: true, reason: 'x', message: 'y', observedGeneration: 1.5 }),
    ).rejects.toThrow(MessageValidationError);
  });

  it('stores and watches image selections under <namespace>.<imagepolicy>', async () => {
    t = await testBus(server);
    await ensureTopology(t.bus);
    await putImage(t.bus, {
      namespace: 'apps',
      name: 'podinfo.policy',
      image: 'ghcr.io/stefanprodan/podinfo',
      tag: '6.7.1',
      latestImage: 'ghcr.io/stefanprodan/podinfo:6.7.1',
      lastUpdateTime: '2025-03-01T10:00:00Z',
    });
    const seen = collect(await watchImages(t.bus, { namespace: 'apps' }));
    await eventually(() => seen.length === 1);
    expect(seen[0]).toMatchObject({
      type: 'put',
      key: { namespace: 'apps', name: 'podinfo.policy' },
      value: { tag: '6.7.1' },
      initial: true,
    });
    expect(t.counts.get('published:image')).toBe(1);
    expect(t.counts.get('received:image')).toBe(1);
  });

  it('deletes an image selection: watchers see the delete', async () => {
    t = await testBus(server);
    await ensureTopology(t.bus);
    const ref = { namespace: 'apps', name: 'gone' };
    await putImage(t.bus, {
      ...ref,
      image: 'app',
      tag: '1.0.0',
      latestImage: 'app:1.0.0',
      lastUpdateTime: '2025-03-01T10:00:00Z',
    });
    const seen = collect(await watchImages(t.bus, ref));
    await eventually(() => seen.length === 1);
    await deleteImage(t.bus, ref);
    await eventually(() => seen.length === 2);
    expect(seen[1]).toMatchObject({ type: 'delete', key: ref });
  });

  it('keeps the scanned tags of an image repository until it is deleted', async () => {
    t = await testBus(server);
    await ensureTopology(t.bus);
    const ref = { namespace: 'apps', name: 'podinfo' };
    expect(await getImageTags(t.bus, ref)).toBeUndefined();
    const tags = ['1.0.0', '1.1.0', 'latest'];
    await putImageTags(t.bus, {
      ...ref,
      image: 'ghcr.io/stefanprodan/podinfo',
      revision: `sha256:${'cd'.repeat(32)}`,
      scanTime: '2025-03-01T10:00:00Z',
      tags,
    });
    expect((await getImageTags(t.bus, ref))?.tags).toEqual(tags);
    await deleteImageTags(t.bus, ref);
    expect(await getImageTags(t.bus, ref)).toBeUndefined();
  });
});
