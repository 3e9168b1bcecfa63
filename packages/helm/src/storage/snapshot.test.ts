import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type Hook, HookEvent, type Release } from '../release/release.js';
import { valuesDigest } from '../values/values-digest.js';
import { encodeGoJson, normalizeGoTime } from './go-json.js';
import { releaseDigest, snapshotOf } from './snapshot.js';

function release(overrides: Partial<Release> = {}): Release {
  return {
    name: 'podinfo',
    namespace: 'apps',
    version: 2,
    info: {
      first_deployed: '2024-05-01T10:00:00.123456789+02:00',
      last_deployed: '2024-05-02T08:30:15.5Z',
      deleted: '',
      description: 'Upgrade complete',
      status: 'deployed',
    },
    chart: {
      metadata: { name: 'podinfo', version: '6.5.0', appVersion: '6.5.0', apiVersion: 'v2' },
      templates: [{ name: 'templates/cm.yaml', data: 'e30=' }],
      values: { replicas: 1 },
      files: [],
    },
    config: { replicas: 2, image: { tag: 'v1' } },
    manifest: '---\napiVersion: v1\nkind: ConfigMap\n',
    hooks: [],
    ...overrides,
  };
}

function testHook(lastRun: Hook['last_run']): Hook {
  return {
    name: 'podinfo-test',
    kind: 'Pod',
    path: 'podinfo/templates/test.yaml',
    manifest: 'x',
    events: [HookEvent.Test],
    last_run: lastRun,
    weight: 0,
  };
}

describe('releaseDigest', () => {
  it("matches Flux's digest of a release named foo and nothing else", () => {
    const empty = release({
      name: 'foo',
      namespace: '',
      version: 0,
      info: { first_deployed: '', last_deployed: '', deleted: '', description: '', status: '' as never },
      chart: { metadata: {} as never, templates: [], values: null, files: [] },
      config: undefined,
      manifest: '',
      hooks: undefined,
    });
    // Flux's TestDigest vector was taken when the observation also had `"labels":null` at the end.
    const flux =
      '{"name":"foo","version":0,"info":{"first_deployed":"","last_deployed":"","deleted":""},"chartMetadata":{},"config":null,"manifest":"","hooks":null,"namespace":""}';
    expect(
      createHash('sha256')
        .update(`${flux.slice(0, -1)},"labels":null}\n`)
        .digest('hex'),
    ).toBe('d0bc0774bd4b6d4aaa3c19e6a951352fe10a1a1a4e280ee06e85e972c572a74e');
    expect(releaseDigest(empty)).toBe(`sha256:${createHash('sha256').update(`${flux}\n`).digest('hex')}`);
  });

  it('ignores templates and test hook runs, but not the manifest, config or other hooks', () => {
    const base = release({ hooks: [testHook({ phase: '' })] });
    const digest = releaseDigest(base);
    expect(releaseDigest({ ...base, chart: { ...base.chart, templates: [] } })).toBe(digest);
    expect(
      releaseDigest({ ...base, hooks: [testHook({ started_at: '2024-05-03T00:00:00Z', phase: 'Succeeded' })] }),
    ).toBe(digest);
    expect(releaseDigest({ ...base, manifest: `${base.manifest}data: {}\n` })).not.toBe(digest);
    expect(releaseDigest({ ...base, config: { replicas: 3 } })).not.toBe(digest);
    const installHook: Hook = { ...testHook({ phase: '' }), events: [HookEvent.PreInstall] };
    expect(releaseDigest({ ...base, hooks: [installHook] })).not.toBe(digest);
  });
});

describe('snapshotOf', () => {
  it("holds Flux's fields, with Kubernetes times in UTC seconds", () => {
    const rel = release();
    expect(snapshotOf(rel)).toEqual({
      digest: releaseDigest(rel),
      name: 'podinfo',
      namespace: 'apps',
      version: 2,
      status: 'deployed',
      chartName: 'podinfo',
      chartVersion: '6.5.0',
      appVersion: '6.5.0',
      configDigest: valuesDigest({ replicas: 2, image: { tag: 'v1' } }),
      firstDeployed: '2024-05-01T08:00:00Z',
      lastDeployed: '2024-05-02T08:30:15Z',
    });
  });

  it('records deletion, the OCI digest and, once tests ran, every test hook', () => {
    const rel = release({
      info: { ...release().info, deleted: '2024-05-04T00:00:00Z', status: 'uninstalled' },
      hooks: [
        testHook({ started_at: '2024-05-03T00:00:00Z', completed_at: '2024-05-03T00:00:07.9Z', phase: 'Succeeded' }),
        { ...testHook({ phase: '' }), name: 'other-test' },
      ],
    });
    const snapshot = snapshotOf(rel, { ociDigest: 'sha256:abc' });
    expect(snapshot.deleted).toBe('2024-05-04T00:00:00Z');
    expect(snapshot.ociDigest).toBe('sha256:abc');
    expect(snapshot.digest).not.toBe(releaseDigest(rel));
    expect(snapshot.testHooks).toEqual({
      'podinfo-test': {
        lastStarted: '2024-05-03T00:00:00Z',
        lastCompleted: '2024-05-03T00:00:07Z',
        phase: 'Succeeded',
      },
      'other-test': {},
    });
  });

  it('leaves test hooks out until one ran, and the config digest of no values is the empty digest', () => {
    const snapshot = snapshotOf(release({ hooks: [testHook({ phase: '' })], config: {} }));
    expect(snapshot.testHooks).toBeUndefined();
    expect(snapshot.deleted).toBeUndefined();
    expect(snapshot.configDigest).toBe(valuesDigest(undefined));
  });
});

describe('Go JSON', () => {
  it('orders struct fields as given and map keys by bytes, escaping HTML as Go does', () => {
    const struct = new Map<string, unknown>([
      ['z', 1.5],
      ['a', { b: '<x>&', A: null, é: [1e21, 1e-7] }],
    ]);
    expect(encodeGoJson(struct)).toBe('{"z":1.5,"a":{"A":null,"b":"\\u003cx\\u003e\\u0026","é":[1e+21,1e-7]}}');
  });

  it('writes times as Go formats them after parsing', () => {
    expect(normalizeGoTime('2024-05-01T10:00:00.120000000+00:00')).toBe('2024-05-01T10:00:00.12Z');
    expect(normalizeGoTime('2024-05-01T10:00:00.000Z')).toBe('2024-05-01T10:00:00Z');
    expect(normalizeGoTime('2024-05-01T10:00:00.5+02:00')).toBe('2024-05-01T10:00:00.5+02:00');
  });
});
