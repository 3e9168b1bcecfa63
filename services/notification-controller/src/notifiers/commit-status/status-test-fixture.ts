import type { FluxEvent, ProviderType } from '@driftless/api';
import type { ProviderSettings } from '../notifier.js';

/** The commit every commit-status test reports on. */
export const SHA = '5394cb7f48332b2de7c17dd8b8384bbc84b7e738';

/** A Kustomization's success event for {@link SHA}. */
export function statusEvent(overrides: Partial<FluxEvent> = {}): FluxEvent {
  return {
    involvedObject: { kind: 'Kustomization', namespace: 'apps', name: 'podinfo' },
    severity: 'info',
    timestamp: '2024-01-01T00:00:00Z',
    message: 'applied',
    reason: 'ReconciliationSucceeded',
    metadata: { 'kustomize.toolkit.fluxcd.io/revision': `main@sha1:${SHA}` },
    reportingController: 'kustomize-controller',
    ...overrides,
  };
}

/** Settings of a Provider `apps/<name>` of `type` with `token`, for a repository address. */
export function statusSettings(type: ProviderType, name: string, token: string) {
  return (address: string, overrides: Partial<ProviderSettings> = {}): ProviderSettings => ({
    type,
    namespace: 'apps',
    name,
    uid: '0c9c2e41-d2f9-4f9b-9c41-bebc1984d67a',
    address,
    token,
    headers: {},
    ...overrides,
  });
}
