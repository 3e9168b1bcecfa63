import { describe, expect, it } from 'vitest';
import { type ActionTestEnv, useActionTestEnv } from './action-test-env.js';
import type { ActionDeps } from './action-types.js';
import { HelmActionError } from './action-types.js';
import { defaultInstallOptions, install } from './install.js';
import { defaultRollbackOptions, type RollbackOptions, rollback } from './rollback.js';
import { defaultUpgradeOptions, upgrade } from './upgrade.js';

const options: RollbackOptions = { ...defaultRollbackOptions(), timeoutMs: 20_000 };

describe('rollback', () => {
  let env: ActionTestEnv;
  let chart: string;
  useActionTestEnv((started) => {
    ({ env, chart } = started);
  });

  /** Revision 1 with the extra ConfigMap, revision 2 without it. */
  async function twoRevisions(namespace: string): Promise<ActionDeps> {
    await env.createNamespace(namespace);
    const deps = env.depsFor(namespace);
    await install(deps, await env.render(chart, 'app', namespace, { extra: true }), {
      ...defaultInstallOptions(),
      timeoutMs: 20_000,
    });
    await upgrade(deps, await env.render(chart, 'app', namespace), { ...defaultUpgradeOptions(), timeoutMs: 20_000 });
    return deps;
  }

  const extraConfig = (deps: ActionDeps, namespace: string) =>
    deps.manager.get({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-extra', namespace } });

  it('restores the previous revision as a new one that the real helm shows as "Rollback to 1"', async () => {
    const deps = await twoRevisions('rb-ok');
    expect(await extraConfig(deps, 'rb-ok')).toBeUndefined();

    const release = await rollback(deps, 'app', options);

    expect(release).toMatchObject({ version: 3, info: { status: 'deployed', description: 'Rollback to 1' } });
    expect(await extraConfig(deps, 'rb-ok')).toBeDefined();
    const history = JSON.parse((await env.helm(['history', 'app', '-n', 'rb-ok', '-o', 'json'])).stdout);
    expect(history).toMatchObject([
      { revision: 1, status: 'superseded' },
      { revision: 2, status: 'superseded' },
      { revision: 3, status: 'deployed', description: 'Rollback to 1' },
    ]);
    const manifest = await env.helm(['get', 'manifest', 'app', '-n', 'rb-ok']);
    expect(manifest.stdout).toContain('name: app-extra');
  });

  it('rolls back to a chosen revision, then the real helm can upgrade from there', async () => {
    const deps = await twoRevisions('rb-version');

    await rollback(deps, 'app', { ...options, version: 1 });
    const upgraded = await env.helm([
      'upgrade',
      'app',
      chart,
      '-n',
      'rb-version',
      '--set',
      'extra=false',
      '--wait',
      '--timeout',
      '20s',
    ]);

    expect(upgraded.code, upgraded.stderr).toBe(0);
    expect(await extraConfig(deps, 'rb-version')).toBeUndefined();
    expect((await deps.storage.last('app'))?.version).toBe(4);
  });

  it('fails for a revision that is not stored', async () => {
    const deps = await twoRevisions('rb-missing');

    const error = await rollback(deps, 'app', { ...options, version: 9 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HelmActionError);
    expect((error as Error).message).toBe('release "app" has no 9 version');
    expect((await deps.storage.last('app'))?.version).toBe(2);
  });
});
