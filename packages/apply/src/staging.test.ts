import { describe, expect, it } from 'vitest';
import type { Unstructured } from './objects.js';
import { stageObjects } from './staging.js';

const object = (apiVersion: string, kind: string, name: string, namespace?: string): Unstructured => ({
  apiVersion,
  kind,
  metadata: namespace ? { name, namespace } : { name },
});

const names = (stages: Unstructured[][]) => stages.map((stage) => stage.map((o) => `${o.kind}/${o.metadata.name}`));

describe('stageObjects', () => {
  it.each([
    {
      name: 'every stage',
      input: [
        object('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', 'check'),
        object('apps/v1', 'Deployment', 'web', 'apps'),
        object('example.com/v1', 'Widget', 'w', 'apps'),
        object('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'crb'),
        object('v1', 'Service', 'web', 'apps'),
        object('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'widgets.example.com'),
        object('v1', 'Namespace', 'apps'),
        object('rbac.authorization.k8s.io/v1', 'ClusterRole', 'cr'),
        object('apiregistration.k8s.io/v1', 'APIService', 'v1.metrics'),
        object('v1', 'ConfigMap', 'cfg', 'apps'),
        object('storage.k8s.io/v1', 'StorageClass', 'fast'),
        object('v1', 'ServiceAccount', 'sa', 'apps'),
      ],
      expected: [
        ['Namespace/apps', 'CustomResourceDefinition/widgets.example.com'],
        ['StorageClass/fast', 'ClusterRole/cr', 'ClusterRoleBinding/crb'],
        ['ServiceAccount/sa', 'ConfigMap/cfg', 'Service/web', 'Deployment/web', 'Widget/w'],
        ['APIService/v1.metrics', 'ValidatingWebhookConfiguration/check'],
      ],
    },
    {
      name: 'same kind by namespace then name',
      input: [
        object('v1', 'ConfigMap', 'b', 'y'),
        object('v1', 'ConfigMap', 'a', 'y'),
        object('v1', 'ConfigMap', 'z', 'x'),
      ],
      expected: [[], [], ['ConfigMap/z', 'ConfigMap/a', 'ConfigMap/b'], []],
    },
    {
      name: 'a custom kind that shares a built-in name stays in the main stage',
      input: [object('example.com/v1', 'Namespace', 'fake'), object('v1', 'Namespace', 'real')],
      expected: [['Namespace/real'], [], ['Namespace/fake'], []],
    },
    { name: 'nothing', input: [], expected: [[], [], [], []] },
  ])('$name', ({ input, expected }) => {
    expect(names(stageObjects(input))).toEqual(expected);
  });
});
