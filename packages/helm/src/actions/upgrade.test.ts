import { describe, expect, it } from 'vitest';
import { type ActionTestEnv, useActionTestEnv } from './action-test-env.js';
import type { ActionDeps } from './action-types.js';
import { HelmActionError } from './action-types.js';
import { defaultInstallOptions, install } from './install.js';
import { defaultUpgradeOptions, type UpgradeOptions, upgrade } from './upgrade.js';

const options: UpgradeOptions = { ...defaultUpgradeOptions(), timeoutMs: 20_000 };

describe('upgrade', () => {
  let env: ActionTestEnv;
  let chart: string;
  useActionTestEnv((started) => {
    ({ env, chart } = started);
  });

  async function installed(namespace: string, name: string, values: Record<string, unknown>): Promise<ActionDeps> {
    await env.createNamespace(namespace);
    const deps = env.depsFor(namespace);
    await install(deps, await env.render(chart, name, namespace, values), {
      ...defaultInstallOptions(),
      timeoutMs: 20_000,
    });
    return deps;
  }

  const configMap = (deps: ActionDeps, namespace: string, name: string) =>
    deps.manager.get({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace } });

  it('supersedes the previous revision and deletes objects dropped from the chart, except kept ones', async () => {
    const deps = await installed('up-ok', 'app', { extra: true, kept: true });
    expect(await configMap(deps, 'up-ok', 'app-extra')).toBeDefined();

    const release = await upgrade(deps, await env.render(chart, 'app', 'up-ok'), options);

    expect(release).toMatchObject({ version: 2, info: { status: 'deployed', description: 'Upgrade complete' } });
    const history = JSON.parse((await env.helm(['history', 'app', '-n', 'up-ok', '-o', 'json'])).stdout);
    expect(history).toMatchObject([
      { revision: 1, status: 'superseded' },
      { revision: 2, status: 'deployed', description: 'Upgrade complete' },
    ]);
    expect(await configMap(deps, 'up-ok', 'app-extra')).toBeUndefined();
    expect(await configMap(deps, 'up-ok', 'app-kept')).toBeDefined();
  });

  it('fails on a failing Deployment within the timeout, keeping the previous revision deployed', async () => {
    const deps = await installed('up-fail', 'app', {});

    const rendered = await env.render(chart, 'app', 'up-fail', { simulate: 'fail', extra: true });
    const error = await upgrade(deps, rendered, { ...options, cleanupOnFail: true }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HelmActionError);
    const failure = error as HelmActionError;
    expect(failure.message).toMatch(/^Upgrade "app" failed: .*Deployment\/up-fail\/app-web/);
    expect(failure.release).toMatchObject({ version: 2, info: { status: 'failed' } });
    const history = JSON.parse((await env.helm(['history', 'app', '-n', 'up-fail', '-o', 'json'])).stdout);
    expect(history).toMatchObject([
      { revision: 1, status: 'deployed' },
      { revision: 2, status: 'failed' },
    ]);
    // cleanupOnFail removed what the failed upgrade created
    expect(await configMap(deps, 'up-fail', 'app-extra')).toBeUndefined();
  });

  it('fails with "pre-upgrade hooks failed" when a pre-upgrade hook fails', async () => {
    const deps = await installed('up-hook', 'app', {});

    const rendered = await env.render(chart, 'app', 'up-hook', { failHook: true });
    const error = await upgrade(deps, rendered, options).catch((e: unknown) => e);

    expect((error as Error).message).toMatch(/^Upgrade "app" failed: pre-upgrade hooks failed: /);
    expect((await deps.storage.get('app', 2))?.info.status).toBe('failed');
  });

  it('upgrades a release the real helm installed, which the real helm can then roll back', async () => {
    await env.createNamespace('up-interop');
    const installedByHelm = await env.helm(['install', 'app', chart, '-n', 'up-interop', '--set', 'extra=true']);
    expect(installedByHelm.stderr).toBe('');
    const deps = env.depsFor('up-interop');

    await upgrade(deps, await env.render(chart, 'app', 'up-interop'), options);
    expect(await configMap(deps, 'up-interop', 'app-extra')).toBeUndefined();

    const rolledBack = await env.helm(['rollback', 'app', '1', '-n', 'up-interop', '--wait', '--timeout', '20s']);
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    expect(await configMap(deps, 'up-interop', 'app-extra')).toBeDefined();
    const history = JSON.parse((await env.helm(['history', 'app', '-n', 'up-interop', '-o', 'json'])).stdout);
    expect(history).toMatchObject([
      { revision: 1, status: 'superseded' },
      { revision: 2, status: 'superseded', description: 'Upgrade complete' },
      { revision: 3, status: 'deployed', description: 'Rollback to 1' },
    ]);
  });

  it('refuses to upgrade a release that does not exist', async () => {
    await env.createNamespace('up-none');
    const error = await upgrade(env.depsFor('up-none'), await env.render(chart, 'ghost', 'up-none'), options).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toBe('"ghost" has no deployed releases');
  });
});
