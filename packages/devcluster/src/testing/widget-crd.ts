import type { KubeObject } from '../types.js';

export interface WidgetCrdOptions {
  /** `Namespaced` unless a test says otherwise. */
  scope?: 'Namespaced' | 'Cluster';
  /** Names besides `plural: widgets` and `kind: Widget`, such as `shortNames` or `categories`. */
  names?: Record<string, unknown>;
  /** The versions, each served; `v1` is the storage version. A single bare `v1` unless a test says otherwise. */
  versions?: WidgetVersion[];
}

/** One entry of `spec.versions`: its name and whatever else the test needs (schema, subresources, columns). */
export type WidgetVersion = { name: string } & Record<string, unknown>;

/** The `widgets.example.com` CustomResourceDefinition that unit tests serve as their custom resource. */
export function widgetCrd(options: WidgetCrdOptions = {}): KubeObject {
  const { scope = 'Namespaced', names = {}, versions = [{ name: 'v1' }] } = options;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope,
      names: { plural: 'widgets', kind: 'Widget', ...names },
      versions: versions.map((version) => ({ served: true, storage: version.name === 'v1', ...version })),
    },
  };
}
