import { describe, expect, it } from 'vitest';
import { type ActionTestEnv, useActionTestEnv } from './action-test-env.js';
import type { ActionDeps } from './action-types.js';
import { defaultInstallOptions, install } from './install.js';
import { defaultUninstallOptions, type UninstallOptions, uninstall } from './uninstall.js';

const options: UninstallOptions = { ...defaultUninstallOptions(), timeoutMs: 20_000 };

describe('uninstall', () => {
  let env: ActionTestEnv;
  let chart: string;
  useActionTestEnv((started) => {
    ({ env, chart } = started);
  });

  async function installed(namespace: string): Promise<ActionDeps> {
    await env.createNamespace(namespace);
    const deps = env.depsFor(namespace);
    await install(deps, await env.render(chart, 'app', namespace, { kept: true }), {
      ...defaultInstallOptions(),
      timeoutMs: 20_000,
    });
    return deps;
  }

  const get = (deps: ActionDeps, apiVersion: string, kind: string, namespace: string, name: string) =>
    deps.manager.get({ apiVersion, kind, metadata: { name, namespace } });

  it('deletes the objects and every revision, keeping objects with resource-policy keep', async () => {
    const deps = await installed('un-purge');

    const release = await uninstall(deps, 'app', options);

    expect(release?.info).toMatchObject({ status: 'uninstalled', description: 'Uninstallation complete' });
    expect(Date.parse(release?.info.deleted ?? '')).not.toBeNaN();
    expect(await get(deps, 'v1', 'ConfigMap', 'un-purge', 'app-config')).toBeUndefined();
    expect(await get(deps, 'apps/v1', 'Deployment', 'un-purge', 'app-web')).toBeUndefined();
    expect(await get(deps, 'v1', 'ConfigMap', 'un-purge', 'app-kept')).toBeDefined();
    expect(await deps.storage.history('app')).toEqual([]);
    const list = await env.helm(['list', '-a', '-n', 'un-purge', '-o', 'json']);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it('keeps the history, marked uninstalled, with keepHistory', async () => {
    const deps = await installed('un-keep');

    await uninstall(deps, 'app', { ...options, keepHistory: true });

    expect(await get(deps, 'v1', 'ConfigMap', 'un-keep', 'app-config')).toBeUndefined();
    const history = JSON.parse((await env.helm(['history', 'app', '-n', 'un-keep', '-o', 'json'])).stdout);
    expect(history).toMatchObject([{ revision: 1, status: 'uninstalled', description: 'Uninstallation complete' }]);
    const again = await uninstall(deps, 'app', { ...options, keepHistory: true }).catch((e: unknown) => e);
    expect((again as Error).message).toBe('the release named "app" is already deleted');
  });

  it('resolves undefined when there is no release', async () => {
    await env.createNamespace('un-none');
    expect(await uninstall(env.depsFor('un-none'), 'ghost', options)).toBeUndefined();
  });
});
