import { describe, expect, it } from 'vitest';
import { type FixtureKind, fixtureFiles, loadFixtures } from '../../test/fixtures.js';
import { validate } from './validate.js';

const kinds = Object.keys(fixtureFiles) as FixtureKind[];

const errorsOf = (kind: string, obj: unknown) => {
  const result = validate(kind, obj);
  if (result.ok) throw new Error(`expected ${kind} to be rejected`);
  return result.errors;
};

const kustomization = () => structuredClone(loadFixtures('Kustomization')[0]);

describe('validate', () => {
  it.each(kinds)('accepts the documented %s samples', (kind) => {
    const samples = loadFixtures(kind);
    expect(samples.length).toBeGreaterThan(0);
    for (const sample of samples) {
      const result = validate(kind, sample);
      expect(result.ok ? [] : result.errors).toEqual([]);
    }
  });

  it('does not modify its input and returns a defaulted copy', () => {
    const input = loadFixtures('GitRepository')[0];
    const before = structuredClone(input);
    const result = validate('GitRepository', input);
    expect(input).toEqual(before);
    expect(result.ok && result.value.spec.timeout).toBe('60s');
  });

  it.each([
    ['GitRepository', 0, { timeout: '60s', provider: 'generic' }],
    ['OCIRepository', 0, { timeout: '60s', provider: 'generic' }],
    ['HelmRepository', 0, { provider: 'generic' }],
    ['HelmChart', 1, { version: '*', reconcileStrategy: 'ChartVersion' }],
    ['ImageRepository', 0, { exclusionList: ['^.*\\.sig$'], provider: 'generic' }],
    ['ImagePolicy', 0, { digestReflectionPolicy: 'Never' }],
    ['Alert', 1, { eventSeverity: 'info' }],
    ['Receiver', 0, { interval: '10m' }],
  ] as const)('applies Flux defaults to %s sample %i', (kind, index, defaults) => {
    const result = validate(kind, loadFixtures(kind)[index]);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value.spec).toMatchObject(defaults);
  });

  it('applies nested defaults only inside objects that are present', () => {
    const release = validate('HelmRelease', loadFixtures('HelmRelease')[1]);
    if (!release.ok) throw new Error(JSON.stringify(release.errors));
    expect(release.value.spec.chart).toBeUndefined();
    expect(release.value.spec.uninstall).toEqual({ keepHistory: false, deletionPropagation: 'background' });

    const ks = validate('Kustomization', loadFixtures('Kustomization')[1]);
    if (!ks.ok) throw new Error(JSON.stringify(ks.errors));
    expect(ks.value.spec.postBuild?.substituteFrom).toEqual([
      { kind: 'ConfigMap', name: 'cluster-vars', optional: false },
      { kind: 'Secret', name: 'cluster-secret-vars', optional: true },
    ]);
  });

  it('keeps open-ended values as written', () => {
    const result = validate('HelmRelease', loadFixtures('HelmRelease')[0]);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value.spec.values).toEqual({
      replicaCount: 2,
      ingress: { enabled: true, hosts: [{ host: 'podinfo.example.com' }] },
    });
  });

  it('rejects a Kustomization without prune, naming the field', () => {
    const obj = kustomization();
    delete obj.spec.prune;
    expect(errorsOf('Kustomization', obj)).toEqual([{ path: 'spec.prune', message: 'spec.prune is required' }]);
  });

  it('rejects wrong types with the field path', () => {
    const obj = kustomization();
    obj.spec.prune = 'yes';
    obj.spec.dependsOn = [{ name: 42 }];
    expect(errorsOf('Kustomization', obj)).toEqual([
      { path: 'spec.prune', message: 'spec.prune must be a boolean' },
      { path: 'spec.dependsOn[0].name', message: 'spec.dependsOn[0].name must be a string' },
    ]);
  });

  it('rejects a bad enum value and lists the allowed ones', () => {
    const obj = kustomization();
    obj.spec.sourceRef = { kind: 'HelmRepository', name: 'podinfo' };
    const [error] = errorsOf('Kustomization', obj);
    expect(error.path).toBe('spec.sourceRef.kind');
    expect(error.message).toBe(
      'spec.sourceRef.kind must be one of "OCIRepository", "GitRepository", "Bucket", "ExternalArtifact"; got "HelmRepository"',
    );
  });

  it.each(['5 minutes', '10', '1d', '-1m', ''])('rejects the interval %j', (interval) => {
    const obj = kustomization();
    obj.spec.interval = interval;
    const [error] = errorsOf('Kustomization', obj);
    expect(error.path).toBe('spec.interval');
    expect(error.message).toContain('spec.interval must be a duration such as 30s, 5m or 1h30m');
  });

  it.each(['1m30s', '500ms', '1.5h', '2h45m10s'])('accepts the interval %j', (interval) => {
    const obj = kustomization();
    obj.spec.interval = interval;
    expect(validate('Kustomization', obj).ok).toBe(true);
  });

  it('rejects an hour timeout where Flux allows only ms, s and m', () => {
    const repo = structuredClone(loadFixtures('GitRepository')[0]);
    repo.spec.timeout = '1h';
    expect(errorsOf('GitRepository', repo)[0].path).toBe('spec.timeout');
  });

  it('rejects a URL with the wrong scheme', () => {
    const repo = structuredClone(loadFixtures('GitRepository')[0]);
    repo.spec.url = 'ftp://example.com/repo';
    expect(errorsOf('GitRepository', repo)).toEqual([
      {
        path: 'spec.url',
        message: 'spec.url must match ^((http|https|ssh)://.*|[^@/\\s]+@[^:/\\s]+:.*)$; got "ftp://example.com/repo"',
      },
    ]);
  });

  it.each(['git@github.com:org/repo.git', 'ssh://git@127.0.0.1:2222/srv/repo.git', 'https://example.com/r.git'])(
    'accepts the Git address %s',
    (url) => {
      const repo = structuredClone(loadFixtures('GitRepository')[0]);
      repo.spec.url = url;
      expect(validate('GitRepository', repo).ok).toBe(true);
    },
  );

  it.each(['git@host', 'user@host/path:x', 'file:///srv/repo'])('rejects the Git address %s', (url) => {
    const repo = structuredClone(loadFixtures('GitRepository')[0]);
    repo.spec.url = url;
    expect(errorsOf('GitRepository', repo)[0]?.path).toBe('spec.url');
  });

  it.each([
    ['Provider', 'type', 'carrier-pigeon'],
    ['Receiver', 'type', 'svn'],
    ['HelmRepository', 'type', 'chartmuseum'],
    ['Alert', 'eventSeverity', 'warning'],
  ] as const)('rejects %s spec.%s %j', (kind, field, value) => {
    const obj = structuredClone(loadFixtures(kind)[0]);
    obj.spec[field] = value;
    const [error] = errorsOf(kind, obj);
    expect(error.path).toBe(`spec.${field}`);
    expect(error.message).toMatch(/must be one of/);
  });

  it('accepts every Provider type Flux documents', () => {
    for (const type of ['slack', 'msteams', 'discord', 'generic-hmac', 'pagerduty', 'alertmanager', 'nats', 'gitea']) {
      const provider = structuredClone(loadFixtures('Provider')[0]);
      provider.spec.type = type;
      expect(validate('Provider', provider).ok).toBe(true);
    }
  });

  it('checks the kind and apiVersion', () => {
    const obj = kustomization();
    obj.apiVersion = 'kustomize.toolkit.fluxcd.io/v1beta1';
    expect(errorsOf('Kustomization', obj)[0].path).toBe('apiVersion');
    expect(errorsOf('GitRepository', kustomization()).map((error) => error.path)).toContain('kind');
  });

  it('accepts the served v1beta2 versions of OCIRepository and the image kinds', () => {
    for (const kind of ['OCIRepository', 'ImageRepository', 'ImagePolicy', 'ImageUpdateAutomation'] as const) {
      const obj = structuredClone(loadFixtures(kind)[0]);
      obj.apiVersion = obj.apiVersion.replace(/\/v1$/, '/v1beta2');
      expect(validate(kind, obj).ok).toBe(true);
    }
  });

  it('validates status fields', () => {
    const obj = kustomization() as Record<string, unknown>;
    obj.status = {
      observedGeneration: 1,
      inventory: { entries: [{ id: 'default_podinfo_apps_Deployment', v: 'v1' }] },
      conditions: [{ type: 'Ready', status: 'Maybe', reason: 'Progressing', message: '', lastTransitionTime: 'now' }],
    };
    expect(errorsOf('Kustomization', obj).map((error) => error.path)).toEqual([
      'status.conditions[0].status',
      'status.conditions[0].lastTransitionTime',
    ]);
  });

  it('rejects an unknown kind and a non-object', () => {
    expect(errorsOf('Bucket', {})).toEqual([{ path: 'kind', message: 'kind Bucket is not a Driftless kind' }]);
    expect(errorsOf('Kustomization', 'nope')[0].path).toBe('(root)');
  });
});
