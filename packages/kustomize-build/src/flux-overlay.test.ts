import { describe, expect, it } from 'vitest';
import { applyFluxOverlay, setCommonMetadata } from './flux-overlay.js';

const existing = {
  apiVersion: 'kustomize.config.k8s.io/v1beta1',
  kind: 'Kustomization',
  namespace: 'original',
  namePrefix: 'orig-',
  resources: ['deployment.yaml'],
  patches: [{ path: 'replicas.yaml' }],
  components: ['../components/a'],
  images: [
    { name: 'web', newTag: '1.0.0' },
    { name: 'db', newName: 'postgres' },
  ],
};

describe('applyFluxOverlay', () => {
  it('leaves the file alone without options', () => {
    expect(applyFluxOverlay(existing, {})).toEqual(existing);
  });

  it('defaults apiVersion and kind of a file that has none', () => {
    expect(applyFluxOverlay({ resources: ['a.yaml'] }, {})).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['a.yaml'],
    });
  });

  it('replaces namespace, prefix and suffix', () => {
    const result = applyFluxOverlay(existing, { targetNamespace: 'prod', namePrefix: 'p-', nameSuffix: '-s' });
    expect(result).toMatchObject({ namespace: 'prod', namePrefix: 'p-', nameSuffix: '-s' });
  });

  it('appends patches with their target, keeping only selector fields', () => {
    const result = applyFluxOverlay(existing, {
      patches: [
        { patch: '- op: remove\n  path: /spec/replicas', target: { kind: 'Deployment', name: 'web', bogus: 1 } },
        { patch: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web' },
      ],
    });
    expect(result.patches).toEqual([
      { path: 'replicas.yaml' },
      { patch: '- op: remove\n  path: /spec/replicas', target: { kind: 'Deployment', name: 'web' } },
      { patch: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web' },
    ]);
  });

  it('replaces an image entry of the same name and appends new ones', () => {
    const result = applyFluxOverlay(existing, {
      images: [
        { name: 'web', newName: 'ghcr.io/x/web', digest: 'sha256:abc' },
        { name: 'cache', newTag: '7' },
      ],
    });
    expect(result.images).toEqual([
      { name: 'web', newName: 'ghcr.io/x/web', digest: 'sha256:abc' },
      { name: 'db', newName: 'postgres' },
      { name: 'cache', newTag: '7' },
    ]);
  });

  it('appends components', () => {
    expect(applyFluxOverlay(existing, { components: ['../components/b'] }).components).toEqual([
      '../components/a',
      '../components/b',
    ]);
  });

  it('does not modify its input', () => {
    const copy = structuredClone(existing);
    applyFluxOverlay(existing, { targetNamespace: 'x', images: [{ name: 'web', newTag: '9' }], components: ['c'] });
    expect(existing).toEqual(copy);
  });
});

describe('setCommonMetadata', () => {
  it('adds labels and annotations to metadata only, overriding the same keys', () => {
    const deployment = {
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web', team: 'old' } },
      spec: { selector: { matchLabels: { app: 'web' } } },
    };
    const [result] = setCommonMetadata([deployment], {
      labels: { team: 'platform' },
      annotations: { owner: 'ops' },
    });
    expect(result).toEqual({
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web', team: 'platform' }, annotations: { owner: 'ops' } },
      spec: { selector: { matchLabels: { app: 'web' } } },
    });
    expect(deployment.metadata.labels.team).toBe('old');
  });
});
