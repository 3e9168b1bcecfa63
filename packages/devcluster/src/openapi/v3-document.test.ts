import { describe, expect, it } from 'vitest';
import { resourceTypesFromCrd } from '../crd/resource-types.js';
import { ResourceRegistry } from '../registry.js';
import { widgetCrd } from '../testing/widget-crd.js';
import type { ResourceType } from '../types.js';
import { openApiV3GroupVersion } from './v3-document.js';

const crd = widgetCrd({
  versions: [
    {
      name: 'v1',
      subresources: {
        status: {},
        scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
      },
      schema: {
        openAPIV3Schema: {
          type: 'object',
          description: 'A widget.',
          properties: {
            spec: {
              type: 'object',
              properties: {
                replicas: { type: 'integer' },
                port: { 'x-kubernetes-int-or-string': true },
                template: {
                  type: 'object',
                  'x-kubernetes-embedded-resource': true,
                  'x-kubernetes-preserve-unknown-fields': true,
                },
              },
            },
          },
        },
      },
    },
  ],
});

const builtins = new ResourceRegistry().all();
const types: ResourceType[] = [...builtins, ...resourceTypesFromCrd(crd)];

type Document = {
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, any> };
};
const documentOf = (group: string, version: string) => openApiV3GroupVersion(group, version, types) as Document;

/** What kubectl's QueryParamVerifierV3 does: the first PATCH for the kind must take the query parameter. */
function supportsFieldValidation(document: Document, kind: { group: string; version: string; kind: string }): boolean {
  for (const item of Object.values(document.paths)) {
    const patch = item.patch;
    const gvk = patch?.['x-kubernetes-group-version-kind'];
    if (!gvk || gvk.group !== kind.group || gvk.version !== kind.version || gvk.kind !== kind.kind) continue;
    return patch.parameters.some((p: { name: string; in: string }) => p.name === 'fieldValidation' && p.in === 'query');
  }
  return false;
}

describe('openApiV3GroupVersion', () => {
  it('is undefined for a group version that serves nothing', () => {
    expect(openApiV3GroupVersion('nothing.example.com', 'v1', types)).toBeUndefined();
  });

  it.each([
    ['', 'v1', 'Pod', 'io.k8s.api.core.v1.Pod'],
    ['apps', 'v1', 'Deployment', 'io.k8s.api.apps.v1.Deployment'],
    ['rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'io.k8s.api.rbac.v1.ClusterRole'],
    ['example.com', 'v1', 'Widget', 'com.example.v1.Widget'],
  ])('publishes %s/%s %s for kubectl', (group, version, kind, definition) => {
    const document = documentOf(group, version);
    expect(document.components.schemas[definition]['x-kubernetes-group-version-kind']).toEqual([
      { group, kind, version },
    ]);
    expect(supportsFieldValidation(document, { group, version, kind })).toBe(true);
  });

  it('writes built-in schemas with OpenAPI v3 references', () => {
    const deployment = documentOf('apps', 'v1').components.schemas['io.k8s.api.apps.v1.Deployment'];
    expect(deployment.properties.spec).toEqual({
      allOf: [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' }],
    });
    const schemas = documentOf('apps', 'v1').components.schemas;
    expect(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']).toBeDefined();
    expect(schemas['io.k8s.api.core.v1.PodSpec']).toBeDefined();
    expect(schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toEqual({
      format: 'int-or-string',
      oneOf: [{ type: 'integer' }, { type: 'string' }],
    });
  });

  it('lists the operations of a namespaced built-in like the API server', () => {
    const paths = documentOf('apps', 'v1').paths;
    const summary = Object.fromEntries(
      Object.entries(paths)
        .filter(([path]) => path.includes('/deployments'))
        .map(([path, item]) => [
          path,
          Object.entries(item)
            .filter(([method]) => method !== 'parameters')
            .map(([method, op]) => `${method} ${op.operationId} ${op['x-kubernetes-action']}`),
        ]),
    );
    expect(summary).toEqual({
      '/apis/apps/v1/deployments': ['get listAppsV1DeploymentForAllNamespaces list'],
      '/apis/apps/v1/namespaces/{namespace}/deployments': [
        'get listAppsV1NamespacedDeployment list',
        'post createAppsV1NamespacedDeployment post',
        'delete deleteAppsV1CollectionNamespacedDeployment deletecollection',
      ],
      '/apis/apps/v1/namespaces/{namespace}/deployments/{name}': [
        'get readAppsV1NamespacedDeployment get',
        'put replaceAppsV1NamespacedDeployment put',
        'patch patchAppsV1NamespacedDeployment patch',
        'delete deleteAppsV1NamespacedDeployment delete',
      ],
      '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status': [
        'get readAppsV1NamespacedDeploymentStatus get',
        'put replaceAppsV1NamespacedDeploymentStatus put',
        'patch patchAppsV1NamespacedDeploymentStatus patch',
      ],
      '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale': [
        'get readAppsV1NamespacedDeploymentScale get',
        'put replaceAppsV1NamespacedDeploymentScale put',
        'patch patchAppsV1NamespacedDeploymentScale patch',
      ],
    });
    const patch = paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    expect(patch.parameters.map((p: { name: string }) => p.name)).toEqual([
      'dryRun',
      'fieldManager',
      'fieldValidation',
      'force',
    ]);
    expect(Object.keys(patch.requestBody.content)).toContain('application/strategic-merge-patch+json');
    expect(
      paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'].get['x-kubernetes-group-version-kind'],
    ).toEqual({
      group: 'autoscaling',
      kind: 'Scale',
      version: 'v1',
    });
  });

  it('leaves out operations for verbs a resource does not have', () => {
    const namespaces = documentOf('', 'v1').paths['/api/v1/namespaces'];
    expect(Object.keys(namespaces).filter((k) => k !== 'parameters')).toEqual(['get', 'post']);
  });

  it('publishes a custom resource schema as the API server does', () => {
    const schemas = documentOf('example.com', 'v1').components.schemas;
    const widget = schemas['com.example.v1.Widget'];
    expect(Object.keys(widget.properties)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(widget.properties.metadata.allOf).toEqual([
      { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
    ]);
    expect(widget.description).toBe('A widget.');
    expect(widget.properties.spec.properties.port.anyOf).toEqual([{ type: 'integer' }, { type: 'string' }]);
    const template = widget.properties.spec.properties.template;
    expect(Object.keys(template.properties)).toEqual(['apiVersion', 'kind', 'metadata']);
    expect(template.required).toEqual(['kind', 'apiVersion']);
    expect(schemas['com.example.v1.WidgetList']).toMatchObject({
      required: ['items'],
      properties: { items: { type: 'array', items: { $ref: '#/components/schemas/com.example.v1.Widget' } } },
      'x-kubernetes-group-version-kind': [{ group: 'example.com', kind: 'WidgetList', version: 'v1' }],
    });
    for (const needed of ['ObjectMeta', 'ListMeta', 'Status', 'DeleteOptions', 'Patch']) {
      expect(schemas[`io.k8s.apimachinery.pkg.apis.meta.v1.${needed}`]).toBeDefined();
    }
    expect(schemas['io.k8s.api.autoscaling.v1.Scale']).toBeDefined();
  });

  it('gives custom resources JSON, merge and apply patches but no strategic merge patch', () => {
    const item = documentOf('example.com', 'v1').paths['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}'];
    expect(Object.keys(item.patch.requestBody.content)).toEqual([
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/apply-patch+yaml',
    ]);
    expect(item.patch.operationId).toBe('patchExampleComV1NamespacedWidget');
    expect(item.patch.tags).toEqual(['exampleCom_v1']);
  });

  it('does not change the resource types it reads', () => {
    const before = JSON.stringify(types);
    documentOf('example.com', 'v1');
    expect(JSON.stringify(types)).toBe(before);
  });
});
