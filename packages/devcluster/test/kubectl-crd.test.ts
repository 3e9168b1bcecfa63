import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './eventually.js';
import { useToolCluster } from './harness.js';

const tools = useToolCluster();
const crd = readFileSync(join(import.meta.dirname, 'fixtures', 'widgets-crd.yaml'), 'utf8');

const kubectl = (args: string[], input?: string) => tools.run('kubectl', args, { input });
const ok = (args: string[], input?: string) => tools.ok('kubectl', args, input);

const widget = (name: string, spec: string) =>
  `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: ${name}, namespace: default}\nspec: ${spec}\n`;

beforeAll(async () => {
  await ok(['apply', '-f', '-'], crd);
  await ok(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=10s']);
});

describe('custom resources through kubectl', () => {
  it('serves the new kind in discovery', async () => {
    const out = await ok(['api-resources', '--api-group=example.com']);
    expect(out).toMatch(/^widgets\s+wd\s+example.com\/v1\s+true\s+Widget$/m);
  });

  it('validates against the schema with a 422 naming the field', async () => {
    const bad = await kubectl(['apply', '-f', '-'], widget('bad', '{size: 0, color: green}'));
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('The Widget "bad" is invalid');
    expect(bad.stderr).toContain('spec.size');
    expect(bad.stderr).toContain('spec.color');
    const missing = await kubectl(['apply', '-f', '-'], widget('missing', '{color: red}'));
    expect(missing.stderr).toContain('spec.size: Required value');
  });

  it('defaults, prints columns, and serves every version', async () => {
    await ok(['apply', '-f', '-'], widget('w1', '{size: 3}'));
    const stored = JSON.parse(await ok(['get', 'widget', 'w1', '-o', 'json']));
    expect(stored.spec.color).toBe('blue');
    const table = await ok(['get', 'widgets']);
    expect(table).toMatch(/^NAME\s+SIZE\s+COLOR\s+AGE$/m);
    expect(table).toMatch(/^w1\s+3\s+blue\s+/m);
    const beta = JSON.parse(await ok(['get', 'widgets.v1beta1.example.com', 'w1', '-o', 'json']));
    expect(beta.apiVersion).toBe('example.com/v1beta1');
  });

  it('rejects unknown fields strictly and keeps status out of spec writes', async () => {
    const unknown = await kubectl(['apply', '-f', '-'], widget('w2', '{size: 1, shape: round}'));
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('unknown field "spec.shape"');
    await ok(['apply', '-f', '-'], `${widget('w3', '{size: 2}')}status: {ready: true}\n`);
    const stored = JSON.parse(await ok(['get', 'widget', 'w3', '-o', 'json']));
    expect(stored.status).toBeUndefined();
  });

  it('explains a field of the custom resource', async () => {
    const out = await ok(['explain', 'widgets.spec.size']);
    expect(out).toContain('KIND:       Widget');
    expect(out).toContain('How many parts the widget has.');
  });

  it('removes custom resources when the CRD is deleted', async () => {
    await ok(['apply', '-f', '-'], widget('doomed', '{size: 5}'));
    await ok(['delete', 'crd', 'widgets.example.com', '--timeout=20s']);
    await eventually(async () => {
      const out = await ok(['api-resources', '--api-group=example.com']);
      expect(out).not.toContain('widgets');
    });
    await ok(['apply', '-f', '-'], crd);
    await ok(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=10s']);
    expect(await ok(['get', 'widgets', '-o', 'name'])).toBe('');
  });
});
