import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runGet } from '../../src/commands/get/get-command.js';
import { cliKindOf, cliKinds, cliKindsInGroup } from '../../src/context/flux-kinds.js';
import { ExitCode } from '../../src/exit-code.js';
import {
  createFlux,
  createNamespace,
  type Fixture,
  type RunResult,
  readyCondition,
  runCaptured,
  startFixture,
} from './fixture.js';

let fx: Fixture;
const git = cliKindOf('GitRepository');
const gitSpec = { url: 'https://example.com/repo.git', interval: '1m' };

beforeAll(async () => {
  fx = await startFixture();
  for (const namespace of ['team-a', 'team-b', 'empty', 'mixed']) await createNamespace(fx.client, namespace);
  await createFlux(fx.client, {
    kind: 'GitRepository',
    namespace: 'team-a',
    name: 'app',
    spec: gitSpec,
    status: {
      conditions: [readyCondition('True', 'stored artifact for revision main@sha1:abc123')],
      artifact: {
        revision: 'main@sha1:abc123',
        digest: 'sha256:00',
        path: 'x',
        url: 'http://x',
        lastUpdateTime: new Date().toISOString(),
      },
    },
  });
  await createFlux(fx.client, {
    kind: 'GitRepository',
    namespace: 'team-a',
    name: 'broken',
    spec: { ...gitSpec, suspend: true },
    status: { conditions: [readyCondition('False', 'failed to checkout: authentication required')] },
  });
  await createFlux(fx.client, { kind: 'GitRepository', namespace: 'team-b', name: 'other', spec: gitSpec });
  await createFlux(fx.client, {
    kind: 'Kustomization',
    namespace: 'mixed',
    name: 'apps',
    spec: { interval: '5m', path: './apps', prune: true, sourceRef: { kind: 'GitRepository', name: 'app' } },
    status: {
      conditions: [readyCondition('True', 'Applied revision: main@sha1:def456')],
      lastAppliedRevision: 'main@sha1:def456',
    },
  });
  await createFlux(fx.client, {
    kind: 'HelmRelease',
    namespace: 'mixed',
    name: 'podinfo',
    spec: { interval: '5m', chartRef: { kind: 'OCIRepository', name: 'podinfo' } },
    status: { conditions: [readyCondition('Unknown', 'Running upgrade')], lastAttemptedRevision: '6.5.4' },
  });
  await createFlux(fx.client, {
    kind: 'ImagePolicy',
    namespace: 'mixed',
    name: 'web',
    spec: { imageRepositoryRef: { name: 'web' }, policy: { semver: { range: '1.x' } } },
    status: {
      conditions: [readyCondition('True', 'Latest image tag resolved')],
      latestRef: { name: 'ghcr.io/acme/web', tag: '1.4.2' },
    },
  });
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

function get(kinds: typeof cliKinds, name: string | undefined, flags: Record<string, unknown> = {}, tty = false) {
  return runCaptured(
    fx.work,
    (io) =>
      runGet(
        { kinds, name },
        { namespace: 'default', output: 'table', kubeconfig: fx.cluster.kubeconfigPath, ...flags },
        io,
      ),
    { tty },
  );
}

function lines(result: RunResult): string[][] {
  return result.stdout
    .trimEnd()
    .split('\n')
    .map((line) => line.split(/\s{3,}/));
}

describe('driftless get', () => {
  it('prints a kind as flux does: name, revision, suspended, ready, last updated, message', async () => {
    const result = await get([git], undefined, { namespace: 'team-a' });
    expect(result.code).toBe(ExitCode.ok);
    const [header, ...rows] = lines(result);
    expect(header).toEqual(['NAME', 'REVISION', 'SUSPENDED', 'READY', 'LAST UPDATED', 'MESSAGE']);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual([
      'app',
      'main@sha1:abc123',
      'False',
      'True',
      expect.stringMatching(/^\d+s$/),
      'stored artifact for revision main@sha1:abc123',
    ]);
    expect(result.stdout).toMatch(/broken\s+True\s+False\s+\d+s\s+failed to checkout: authentication required/);
    expect(result.stdout).not.toContain('other');
  });

  it('adds a NAMESPACE column and reads every namespace with -A', async () => {
    const result = await get([git], undefined, { allNamespaces: true });
    const [header, ...rows] = lines(result);
    expect(header?.[0]).toBe('NAMESPACE');
    expect(rows.map((row) => `${row[0]}/${row[1]}`)).toEqual(['team-a/app', 'team-a/broken', 'team-b/other']);
    expect(result.stdout).toMatch(/team-b\s+other\s+False\s+False\s+waiting to be reconciled/);
  });

  it('filters on a condition with --status-selector, and refuses a malformed one', async () => {
    const failing = await get([git], undefined, { allNamespaces: true, statusSelector: 'Ready=false' });
    expect(
      lines(failing)
        .slice(1)
        .map((row) => row[1]),
    ).toEqual(['broken']);
    const malformed = await get([git], undefined, { statusSelector: 'ready' });
    expect(malformed.code).toBe(ExitCode.usage);
    expect(malformed.stderr).toMatch(/^driftless get: --status-selector/);
  });

  it('colours READY on a terminal only', async () => {
    const tty = await get([git], undefined, { namespace: 'team-a' }, true);
    expect(tty.stdout).toContain('\u001b[32mTrue');
    expect(tty.stdout).toContain('\u001b[31mFalse');
    const piped = await get([git], undefined, { namespace: 'team-a' });
    expect(piped.stdout).not.toContain('\u001b[');
  });

  it('prints the objects with their status as json and yaml', async () => {
    const list = await get([git], undefined, { namespace: 'team-a', output: 'json' });
    const parsed = JSON.parse(list.stdout);
    expect(parsed.kind).toBe('List');
    expect(parsed.items.map((item: { metadata: { name: string } }) => item.metadata.name)).toEqual(['app', 'broken']);
    expect(parsed.items[0].apiVersion).toBe('source.toolkit.fluxcd.io/v1');
    const one = await get([git], 'app', { namespace: 'team-a', output: 'yaml' });
    const object = parse(one.stdout);
    expect(object.kind).toBe('GitRepository');
    expect(object.status.artifact.revision).toBe('main@sha1:abc123');
    expect(object.metadata.managedFields).toBeUndefined();
  });

  it('shows each kind its own revision: applied, attempted, latest image', async () => {
    const ks = await get([cliKindOf('Kustomization')], undefined, { namespace: 'mixed' });
    expect(ks.stdout).toMatch(/apps\s+main@sha1:def456\s+False\s+True/);
    const hr = await get([cliKindOf('HelmRelease')], 'podinfo', { namespace: 'mixed' }, true);
    expect(hr.stdout).toMatch(/podinfo\s+6\.5\.4\s+False\s+/);
    expect(hr.stdout).toContain('\u001b[33mUnknown');
    const policy = await get([cliKindOf('ImagePolicy')], undefined, { namespace: 'mixed' });
    expect(policy.stdout).toMatch(/web\s+ghcr\.io\/acme\/web:1\.4\.2/);
    const alerts = await get([cliKindOf('Alert')], undefined, { namespace: 'mixed' });
    expect(alerts.stderr).toBe('no Alert objects found in "mixed" namespace\n');
  });

  it('prints a table per kind with a heading for get all, skipping empty kinds', async () => {
    const result = await get(cliKinds, undefined, { namespace: 'mixed' });
    expect(result.code).toBe(ExitCode.ok);
    const headings = result.stdout.split('\n').filter((line) => /^[A-Z][A-Za-z]+$/.test(line));
    expect(headings).toEqual(['Kustomization', 'HelmRelease', 'ImagePolicy']);
    const sources = await get(cliKindsInGroup('source'), undefined, { namespace: 'team-a' });
    expect(sources.stdout.startsWith('GitRepository\nNAME')).toBe(true);
    expect(sources.stdout).not.toContain('HelmRepository');
  });

  it('says so on stderr and exits 0 when there is nothing', async () => {
    const result = await get([git], undefined, { namespace: 'empty' });
    expect(result).toEqual({ code: 0, stdout: '', stderr: 'no GitRepository objects found in "empty" namespace\n' });
  });

  it('exits 3 when the named object does not exist', async () => {
    const result = await get([git], 'missing', { namespace: 'team-a' });
    expect(result.code).toBe(ExitCode.notFound);
    expect(result.stderr).toBe(`driftless get: GitRepository object 'missing' not found in "team-a" namespace\n`);
    expect(result.stdout).toBe('');
  });

  it('exits 4 with the address when the cluster cannot be reached', async () => {
    const result = await get([git], undefined, { kubeconfig: fx.closedKubeconfig });
    expect(result.code).toBe(ExitCode.unreachable);
    expect(result.stderr).toContain(`driftless get: cannot reach the cluster at http://${fx.closedAddress}`);
  });
});
