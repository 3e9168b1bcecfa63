import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@driftless/telemetry';
import type { ResourceType } from '../src/index.js';

const core = (kind: string, plural: string, namespaced = true): ResourceType => ({
  group: '',
  version: 'v1',
  kind,
  plural,
  namespaced,
});

/** The built-in kinds the runtime's tests touch. */
export const builtinTypes = {
  namespace: core('Namespace', 'namespaces', false),
  configMap: core('ConfigMap', 'configmaps'),
  secret: core('Secret', 'secrets'),
  event: core('Event', 'events'),
  lease: { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases', namespaced: true },
  customResourceDefinition: {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions',
    namespaced: false,
  },
} satisfies Record<string, ResourceType>;

/** A logger that keeps warnings and errors out of the test output. */
export function quietLogger(): Logger {
  return createLogger({
    level: 'warn',
    format: 'json',
    destination: new Writable({ write: (_c, _e, done) => done() }),
  });
}
