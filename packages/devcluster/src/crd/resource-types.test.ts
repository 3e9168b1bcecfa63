import { describe, expect, it } from 'vitest';
import { widgetCrd } from '../testing/widget-crd.js';
import { resourceTypesFromCrd } from './resource-types.js';

const schema = { type: 'object', properties: { spec: { type: 'object' } } };
const crd = widgetCrd({
  scope: 'Cluster',
  names: { shortNames: ['wd'], categories: ['all'] },
  versions: [
    {
      name: 'v1',
      schema: { openAPIV3Schema: schema },
      subresources: {
        status: {},
        scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
      },
      additionalPrinterColumns: [{ name: 'Size', type: 'string', jsonPath: '.spec.size' }],
    },
    { name: 'v1beta1', schema: { openAPIV3Schema: schema } },
    { name: 'v1alpha1', served: false, schema: { openAPIV3Schema: schema } },
  ],
});

describe('resourceTypesFromCrd', () => {
  it('gives one resource type per served version', () => {
    const [v1, v1beta1, ...rest] = resourceTypesFromCrd(crd);
    expect(rest).toEqual([]);
    expect(v1).toEqual({
      group: 'example.com',
      version: 'v1',
      kind: 'Widget',
      listKind: 'WidgetList',
      plural: 'widgets',
      singular: 'widget',
      namespaced: false,
      verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
      shortNames: ['wd'],
      categories: ['all'],
      storageVersion: 'v1',
      subresources: {
        status: true,
        scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
      },
      schema,
      printerColumns: [{ name: 'Size', type: 'string', jsonPath: '.spec.size' }],
      builtin: false,
    });
    expect(v1beta1).toMatchObject({
      version: 'v1beta1',
      storageVersion: 'v1',
      subresources: { status: false },
      printerColumns: [],
    });
  });
});
