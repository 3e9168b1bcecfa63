import { describe, expect, it } from 'vitest';
import type { Hook, Release } from '../release/release.js';
import { hooksOf } from './hooks.js';

const hook = (name: string, kind: string, weight: number, events: string[] = ['pre-install']): Hook => ({
  name,
  kind,
  weight,
  path: `chart/templates/${name}.yaml`,
  manifest: '',
  events: events as Hook['events'],
  last_run: { phase: '' },
});

const releaseWith = (hooks: Hook[]) => ({ hooks }) as Release;

describe('hooksOf', () => {
  it('orders by weight, then helm install order of kinds (unknown kinds last, alphabetically), then name', () => {
    const hooks = [
      hook('z-job', 'Job', 0),
      hook('widget', 'Widget', 0),
      hook('b-config', 'ConfigMap', 0),
      hook('late', 'ConfigMap', 10),
      hook('alpha', 'Alpha', 0),
      hook('a-config', 'ConfigMap', 0),
      hook('sa', 'ServiceAccount', 0),
      hook('early', 'Job', -5),
    ];
    expect(hooksOf(releaseWith(hooks), 'pre-install').map((h) => h.name)).toEqual([
      'early',
      'sa',
      'a-config',
      'b-config',
      'z-job',
      'alpha',
      'widget',
      'late',
    ]);
  });

  it('selects the hooks of one event, reading helm 2 test-success as test', () => {
    const hooks = [
      hook('install', 'Job', 0),
      hook('legacy', 'Pod', 0, ['test-success']),
      hook('test', 'Pod', 0, ['test']),
    ];
    expect(hooksOf(releaseWith(hooks), 'test').map((h) => h.name)).toEqual(['legacy', 'test']);
  });
});
