import { describe, expect, it } from 'vitest';
import type { Release } from '../release/release.js';
import { type ActionTestEnv, useActionTestEnv } from './action-test-env.js';
import type { ActionDeps } from './action-types.js';
import { HelmActionError } from './action-types.js';
import { defaultInstallOptions, install } from './install.js';
import { defaultTestOptions, type TestOptions, testRelease } from './test-release.js';

const options: TestOptions = { ...defaultTestOptions(), timeoutMs: 20_000 };

describe('testRelease', () => {
  let env: ActionTestEnv;
  let chart: string;
  useActionTestEnv((started) => {
    ({ env, chart } = started);
  });

  async function installed(namespace: string, values: Record<string, unknown>): Promise<[ActionDeps, Release]> {
    await env.createNamespace(namespace);
    const deps = env.depsFor(namespace);
    const release = await install(deps, await env.render(chart, 'app', namespace, values), {
      ...defaultInstallOptions(),
      timeoutMs: 20_000,
    });
    return [deps, release];
  }

  const lastRuns = (release: Release | undefined) =>
    Object.fromEntries((release?.hooks ?? []).map((hook) => [hook.name, hook.last_run.phase]));

  it('runs the test Jobs and records their runs on the stored release', async () => {
    const [deps, release] = await installed('test-ok', { tests: [{ name: 'a' }, { name: 'b' }] });
    expect(lastRuns(release)).toEqual({ 'app-test-a': '', 'app-test-b': '' });

    const tested = await testRelease(deps, release, options);

    expect(lastRuns(tested)).toEqual({ 'app-test-a': 'Succeeded', 'app-test-b': 'Succeeded' });
    expect(lastRuns(await deps.storage.get('app', 1))).toEqual({
      'app-test-a': 'Succeeded',
      'app-test-b': 'Succeeded',
    });
    const status = JSON.parse((await env.helm(['status', 'app', '-n', 'test-ok', '-o', 'json'])).stdout);
    expect(status.info.status).toBe('deployed');
  });

  it('fails with the updated release when a test fails', async () => {
    // hooks of equal weight and kind run by name: app-test-a, then app-test-bad, then app-test-c
    const tests = [{ name: 'a' }, { name: 'bad', fail: true }, { name: 'c' }];
    const [deps, release] = await installed('test-fail', { tests });

    const error = await testRelease(deps, release, options).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HelmActionError);
    const failure = error as HelmActionError;
    expect(failure.action).toBe('test');
    expect(failure.message).toMatch(/^test hooks failed: web\/templates\/tests.yaml: job app-test-bad failed: /);
    const expected = { 'app-test-a': 'Succeeded', 'app-test-bad': 'Failed', 'app-test-c': '' };
    expect(lastRuns(failure.release)).toEqual(expected);
    expect(lastRuns(await deps.storage.get('app', 1))).toEqual(expected);
  });

  it('skips excluded tests (Flux test filters)', async () => {
    const tests = [{ name: 'a' }, { name: 'bad', fail: true }];
    const [deps, release] = await installed('test-filter', { tests });

    const tested = await testRelease(deps, release, { ...options, filters: [{ name: 'app-test-bad', exclude: true }] });

    expect(lastRuns(tested)).toEqual({ 'app-test-a': 'Succeeded', 'app-test-bad': '' });
  });

  it('waits for a test Pod to succeed', async () => {
    const [deps, release] = await installed('test-pod', { podTest: true });

    const tested = await testRelease(deps, release, { ...options, timeoutMs: 10_000 });

    expect(lastRuns(tested)).toEqual({ 'app-test-pod': 'Succeeded' });
  });
});
