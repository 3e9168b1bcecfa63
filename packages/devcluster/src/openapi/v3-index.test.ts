import { describe, expect, it } from 'vitest';
import { resourceTypesFromCrd } from '../crd/resource-types.js';
import { ResourceRegistry } from '../registry.js';
import { widgetCrd } from '../testing/widget-crd.js';
import type { SchemaNode } from '../types.js';
import { contentHash } from './content-hash.js';
import { openApiV3GroupVersion } from './v3-document.js';
import { openApiV3Index } from './v3-index.js';

const crd = (schema: SchemaNode) => widgetCrd({ versions: [{ name: 'v1', schema: { openAPIV3Schema: schema } }] });

const builtins = new ResourceRegistry().all();
const withWidget = (schema: SchemaNode) => [...builtins, ...resourceTypesFromCrd(crd(schema))];
const hashOf = (index: ReturnType<typeof openApiV3Index>, path: string) =>
  new URL(index.paths[path].serverRelativeURL, 'https://x').searchParams.get('hash');

describe('openApiV3Index', () => {
  it.each([
    'api/v1',
    'apis/apps/v1',
    'apis/batch/v1',
    'apis/apiextensions.k8s.io/v1',
    'apis/rbac.authorization.k8s.io/v1',
  ])('lists %s', (path) => {
    expect(openApiV3Index(builtins).paths[path].serverRelativeURL).toMatch(
      new RegExp(`^/openapi/v3/${path.replace(/\./g, '\\.')}\\?hash=[0-9A-F]{128}$`),
    );
  });

  it('hashes the document that is served', () => {
    const index = openApiV3Index(builtins);
    expect(hashOf(index, 'apis/apps/v1')).toBe(
      contentHash(JSON.stringify(openApiV3GroupVersion('apps', 'v1', builtins))),
    );
  });

  it('keeps hashes for the same content and changes them when a CRD changes', () => {
    const first = openApiV3Index(withWidget({ type: 'object' }));
    const same = openApiV3Index(withWidget({ type: 'object' }));
    const changed = openApiV3Index(withWidget({ type: 'object', properties: { spec: { type: 'object' } } }));
    expect(hashOf(same, 'apis/example.com/v1')).toBe(hashOf(first, 'apis/example.com/v1'));
    expect(hashOf(changed, 'apis/example.com/v1')).not.toBe(hashOf(first, 'apis/example.com/v1'));
    expect(hashOf(changed, 'apis/apps/v1')).toBe(hashOf(first, 'apis/apps/v1'));
    expect(openApiV3Index(builtins).paths['apis/example.com/v1']).toBeUndefined();
  });
});
