import { describe, expect, it } from 'vitest';
import { ManifestError } from './apply-errors.js';
import { parseManifests } from './manifests.js';

describe('parseManifests', () => {
  it('reads every document and skips empty ones', () => {
    const text = [
      '---',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: apps\ndata:\n  k: v',
      '---',
      '# only a comment',
      '---',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web',
    ].join('\n');
    const objects = parseManifests(text);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ConfigMap/a', 'Deployment/web']);
    expect(objects[0]!.data).toEqual({ k: 'v' });
  });

  it.each([
    [
      'List',
      'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Secret, metadata: {name: s1}}\n- {apiVersion: v1, kind: Secret, metadata: {name: s2}}',
    ],
    [
      'typed list',
      'apiVersion: v1\nkind: SecretList\nitems:\n- {apiVersion: v1, kind: Secret, metadata: {name: s1}}\n- {apiVersion: v1, kind: Secret, metadata: {name: s2}}',
    ],
  ])('flattens a %s into its items', (_name, text) => {
    expect(parseManifests(text).map((o) => o.metadata.name)).toEqual(['s1', 's2']);
  });

  it('keeps a custom kind named …List that has no items', () => {
    const objects = parseManifests('apiVersion: example.com/v1\nkind: AccessList\nmetadata: {name: a}\nspec: {}');
    expect(objects.map((o) => o.kind)).toEqual(['AccessList']);
  });

  it.each([
    ['a YAML syntax error', 'apiVersion: v1\nkind: [ConfigMap\n', /deploy\/app\.yaml: document 1: invalid YAML/],
    [
      'no apiVersion',
      'kind: ConfigMap\nmetadata: {name: a}',
      /deploy\/app\.yaml: document 1: ConfigMap object has no apiVersion$/,
    ],
    ['no kind', 'apiVersion: v1\nmetadata: {name: a}', /document 1: object has no kind$/],
    ['no name', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}', /document 1: ConfigMap object has no metadata\.name$/],
    [
      'no metadata in the second document',
      'apiVersion: v1\nkind: A\nmetadata: {name: a}\n---\napiVersion: v1\nkind: B',
      /document 2: B object has no metadata\.name$/,
    ],
    ['a scalar', 'just text', /document 1: not a Kubernetes object/],
  ])('rejects %s naming the document and origin', (_name, text, message) => {
    let caught: unknown;
    try {
      parseManifests(text, { origin: 'deploy/app.yaml' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ManifestError);
    expect((caught as ManifestError).message).toMatch(message);
    expect((caught as ManifestError).origin).toBe('deploy/app.yaml');
  });
});
