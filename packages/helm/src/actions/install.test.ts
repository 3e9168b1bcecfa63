import { describe, expect, it } from 'vitest';
import { type ActionTestEnv, useActionTestEnv } from './action-test-env.js';
import { HelmActionError } from './action-types.js';
import { defaultInstallOptions, type InstallOptions, install } from './install.js';

const options: InstallOptions = { ...defaultInstallOptions(), timeoutMs: 20_000 };

describe('install', () => {
  let env: ActionTestEnv;
  let chart: string;
  useActionTestEnv((started) => {
    ({ env, chart } = started);
  });

  it('stores a deployed revision 1 that the real helm lists, with objects helm can adopt', async () => {
    await env.createNamespace('inst-ok');
    const rendered = await env.render(chart, 'app', 'inst-ok');
    const release = await install(env.depsFor('inst-ok'), rendered, options);

    expect(release.info).toMatchObject({ status: 'deployed', description: 'Install complete' });
    const list = await env.helm(['list', '-n', 'inst-ok', '-o', 'json']);
    expect(JSON.parse(list.stdout)).toMatchObject([{ name: 'app', revision: '1', status: 'deployed' }]);
    const history = JSON.parse((await env.helm(['history', 'app', '-n', 'inst-ok', '-o', 'json'])).stdout);
    expect(history).toMatchObject([{ revision: 1, status: 'deployed', description: 'Install complete' }]);

    const config = await env.depsFor('inst-ok').manager.get({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'app-config', namespace: 'inst-ok' },
    });
    expect(config?.metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'Helm' });
    expect(config?.metadata.annotations).toMatchObject({
      'meta.helm.sh/release-name': 'app',
      'meta.helm.sh/release-namespace': 'inst-ok',
    });
  });

  it('runs pre-install hooks by weight and records their runs', async () => {
    await env.createNamespace('inst-hooks');
    const hooks = [
      { name: 'a', weight: 5 },
      { name: 'b', weight: -3 },
      { name: 'c', weight: 0 },
    ];
    const rendered = await env.render(chart, 'hooked', 'inst-hooks', { hooks });
    const release = await install(env.depsFor('inst-hooks'), rendered, options);

    const deps = env.depsFor('inst-hooks');
    const versions: Record<string, number> = {};
    for (const { name } of hooks) {
      const hook = await deps.manager.get({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `hooked-hook-${name}`, namespace: 'inst-hooks' },
      });
      versions[name] = Number(hook?.metadata.resourceVersion);
    }
    expect(versions.b).toBeLessThan(versions.c!);
    expect(versions.c).toBeLessThan(versions.a!);
    const stored = await deps.storage.get('hooked', 1);
    for (const hook of stored?.hooks ?? []) {
      expect(hook.last_run.phase).toBe('Succeeded');
      expect(Date.parse(hook.last_run.completed_at ?? '')).not.toBeNaN();
      expect(hook.delete_policies).toEqual(['before-hook-creation']);
    }
    expect(release.hooks).toHaveLength(3);
  });

  it('fails with status failed when a pre-install Job hook fails', async () => {
    await env.createNamespace('inst-fail');
    const rendered = await env.render(chart, 'broken', 'inst-fail', { failHook: true });

    const error = await install(env.depsFor('inst-fail'), rendered, options).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HelmActionError);
    const failure = error as HelmActionError;
    expect(failure.message).toMatch(
      /^Release "broken" failed: pre-install hooks failed: .*job broken-failing-hook failed/,
    );
    expect(failure.release?.info.status).toBe('failed');
    const history = JSON.parse((await env.helm(['history', 'broken', '-n', 'inst-fail', '-o', 'json'])).stdout);
    expect(history).toMatchObject([{ revision: 1, status: 'failed' }]);
    const stored = await env.depsFor('inst-fail').storage.get('broken', 1);
    expect(stored?.hooks?.[0]?.last_run.phase).toBe('Failed');
  });

  it('refuses an object that belongs to another release, storing nothing', async () => {
    await env.createNamespace('inst-owned');
    const deps = env.depsFor('inst-owned');
    const rendered = await env.render(chart, 'mine', 'inst-owned');
    await deps.manager.apply({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'mine-config',
        namespace: 'inst-owned',
        labels: { 'app.kubernetes.io/managed-by': 'Helm' },
        annotations: { 'meta.helm.sh/release-name': 'other', 'meta.helm.sh/release-namespace': 'inst-owned' },
      },
    });

    const error = await install(deps, rendered, options).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HelmActionError);
    expect((error as Error).message).toContain(
      'ConfigMap "mine-config" in namespace "inst-owned" exists and cannot be imported into the current release: invalid ownership metadata',
    );
    expect((error as Error).message).toContain(
      'key "meta.helm.sh/release-name" must equal "mine": current value is "other"',
    );
    expect(await deps.storage.history('mine')).toEqual([]);
  });

  it('creates the release namespace when asked', async () => {
    const rendered = await env.render(chart, 'fresh', 'inst-new-ns');
    const release = await install(env.depsFor('inst-new-ns'), rendered, { ...options, createNamespace: true });

    expect(release.info.status).toBe('deployed');
    const namespace = await env.depsFor('inst-new-ns').manager.get({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'inst-new-ns' },
    });
    expect(namespace?.metadata.labels).toMatchObject({ name: 'inst-new-ns' });
  });
});
