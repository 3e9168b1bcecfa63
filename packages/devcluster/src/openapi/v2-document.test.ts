import { describe, expect, it } from 'vitest';
import { resourceTypesFromCrd } from '../crd/resource-types.js';
import { ResourceRegistry } from '../registry.js';
import { widgetCrd } from '../testing/widget-crd.js';
import { openApiV2 } from './v2-document.js';

const crd = widgetCrd({
  scope: 'Cluster',
  versions: [
    {
      name: 'v1',
      schema: {
        openAPIV3Schema: {
          type: 'object',
          required: ['spec'],
          properties: {
            spec: {
              type: 'object',
              required: ['note'],
              properties: {
                note: { type: 'string', nullable: true },
                extra: {
                  type: 'object',
                  'x-kubernetes-preserve-unknown-fields': true,
                  properties: { a: { type: 'string' } },
                },
                choice: { type: 'string', anyOf: [{ enum: ['a'] }, { enum: ['b'] }] },
              },
            },
          },
        },
      },
    },
  ],
});

const document = openApiV2([...new ResourceRegistry().all(), ...resourceTypesFromCrd(crd)]) as {
  swagger: string;
  paths: Record<string, Record<string, any>>;
  definitions: Record<string, any>;
};

describe('openApiV2', () => {
  it('is a Swagger 2.0 document with built-in definitions', () => {
    expect(document.swagger).toBe('2.0');
    expect(document.definitions['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind']).toEqual([
      { group: 'apps', kind: 'Deployment', version: 'v1' },
    ]);
    expect(document.definitions['io.k8s.api.apps.v1.Deployment'].properties.spec).toEqual({
      $ref: '#/definitions/io.k8s.api.apps.v1.DeploymentSpec',
    });
  });

  it('writes operations with body parameters and the same extensions as v3', () => {
    const patch = document.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    expect(patch.parameters.map((p: { name: string }) => p.name)).toEqual([
      'body',
      'dryRun',
      'fieldManager',
      'fieldValidation',
      'force',
    ]);
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', kind: 'Deployment', version: 'v1' });
    expect(patch.consumes).toContain('application/strategic-merge-patch+json');
    expect(document.paths['/apis/example.com/v1/widgets/{name}'].get.operationId).toBe('readExampleComV1Widget');
  });

  it('reduces custom resource schemas for kubectl OpenAPI v2 validation', () => {
    const spec = document.definitions['com.example.v1.Widget'].properties.spec;
    expect(spec.required).toBeUndefined();
    expect(spec.properties.note).toEqual({});
    expect(spec.properties.extra).toEqual({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
    expect(spec.properties.choice).toEqual({ type: 'string' });
    expect(document.definitions['com.example.v1.Widget'].properties.metadata).toEqual({
      $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
      description: expect.stringContaining("Standard object's metadata"),
    });
  });
});
