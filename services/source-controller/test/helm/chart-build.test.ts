import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type PackageChartOptions, packageChartDirectory } from '../../src/helm/chart-build.js';
import { versionMetadataFor } from '../../src/helm/chart-version-metadata.js';
import {
  ChartDependencyError,
  ChartPackageError,
  ChartReferenceError,
  ValuesFilesError,
} from '../../src/helm/helm-errors.js';

const helmBinary = join(import.meta.dirname, '../../../../.tools/bin/helm');
const run = promisify(execFile);
const gitRevision = 'main@sha1:4e5cbb7b97d00a8039b8810b90b922f4256fd3bd';

/** Stands in for an extracted GitRepository artifact. */
let source: string;
let outside: string;
let scratch: string;
let outCount = 0;

async function helm(args: string[], cwd = scratch): Promise<string> {
  const env = { HOME: scratch, HELM_CONFIG_HOME: join(scratch, '.helm'), HELM_CACHE_HOME: join(scratch, '.cache') };
  return (await run(helmBinary, args, { cwd, env })).stdout;
}

async function createChart(name: string, chartYamlExtra = ''): Promise<string> {
  await helm(['create', name], join(source, 'charts'));
  const dir = join(source, 'charts', name);
  if (chartYamlExtra)
    await writeFile(join(dir, 'Chart.yaml'), `${await readFile(join(dir, 'Chart.yaml'), 'utf8')}${chartYamlExtra}`);
  return dir;
}

function build(options: Partial<PackageChartOptions> & { chartPath: string }) {
  outCount += 1;
  return packageChartDirectory({
    helmBinary,
    sourceDir: source,
    outDir: join(scratch, `out-${outCount}`),
    signal: AbortSignal.timeout(30_000),
    ...options,
  });
}

async function showChart(file: string): Promise<Record<string, unknown>> {
  return parse(await helm(['show', 'chart', file]));
}

async function listArchive(file: string): Promise<string[]> {
  return (await run('tar', ['-tzf', file])).stdout.trim().split('\n');
}

beforeAll(async () => {
  source = await mkdtemp(join(tmpdir(), 'driftless-helm-source-'));
  outside = await mkdtemp(join(tmpdir(), 'driftless-helm-outside-'));
  scratch = await mkdtemp(join(tmpdir(), 'driftless-helm-scratch-'));
  await mkdir(join(source, 'charts'));
  await mkdir(join(source, 'env'));
  await createChart('app');
  await createChart('lib');
  await createChart(
    'with-local-dep',
    'dependencies:\n  - name: lib\n    version: ">=0.1.0"\n    repository: file://../lib\n',
  );
  await createChart(
    'with-bad-dep',
    'dependencies:\n  - name: lib\n    version: "^2.0.0"\n    repository: file://../lib\n',
  );
  await createChart(
    'with-remote-dep',
    'dependencies:\n  - name: redis\n    version: "1.x"\n    repository: https://charts.example.invalid\n',
  );
  await createChart('escaping-dep', `dependencies:\n  - name: x\n    repository: file://${outside}\n`);
  await mkdir(join(source, 'charts', 'broken'));
  await writeFile(join(source, 'charts', 'broken', 'Chart.yaml'), 'apiVersion: v2\nname: broken\nversion: [oops\n');
  await createChart('bad-type');
  await writeFile(
    join(source, 'charts', 'bad-type', 'Chart.yaml'),
    'apiVersion: v2\nname: bad-type\nversion: 1.0.0\ntype: nonsense\n',
  );
  await createChart('linked');
  await writeFile(join(outside, 'secret.yaml'), 'password: hunter2\n');
  await symlink(join(outside, 'secret.yaml'), join(source, 'charts', 'linked', 'templates', 'secret.yaml'));
  await writeFile(join(source, 'env', 'prod.yaml'), 'replicaCount: 4\nimage:\n  tag: prod\nextra: {enabled: true}\n');
  await helm([
    'package',
    join(source, 'charts', 'app'),
    '--version',
    '3.2.1',
    '--destination',
    join(source, 'packaged'),
  ]);
});

afterAll(async () => {
  for (const dir of [source, outside, scratch]) if (dir) await rm(dir, { recursive: true, force: true });
});

describe('packageChartDirectory', () => {
  it('packages the chart directory with its own version', async () => {
    const built = await build({ chartPath: 'charts/app' });
    expect(built).toMatchObject({ name: 'app', version: '0.1.0', valuesFiles: [], packaged: true });
    expect(built.file).toBe(join(scratch, `out-${outCount}`, 'app-0.1.0.tgz'));
    expect(await showChart(built.file)).toMatchObject({ name: 'app', version: '0.1.0' });
  });

  it('adds the first 12 hex characters of the source revision for the Revision strategy', async () => {
    const versionMetadata = versionMetadataFor({
      sourceKind: 'GitRepository',
      reconcileStrategy: 'Revision',
      sourceRevision: gitRevision,
      valuesFiles: [],
      generation: 1,
    });
    const built = await build({ chartPath: './charts/app/', versionMetadata });
    expect(built.version).toBe('0.1.0+4e5cbb7b97d0');
    expect(built.file.endsWith('app-0.1.0+4e5cbb7b97d0.tgz')).toBe(true);
    expect((await showChart(built.file)).version).toBe('0.1.0+4e5cbb7b97d0');
  });

  it('merges the values files in order into values.yaml and adds the generation to the version', async () => {
    const valuesFiles = ['charts/app/values.yaml', 'env/prod.yaml'];
    const versionMetadata = versionMetadataFor({
      sourceKind: 'GitRepository',
      reconcileStrategy: 'Revision',
      sourceRevision: gitRevision,
      valuesFiles,
      generation: 7,
    });
    const original = await readFile(join(source, 'charts', 'app', 'values.yaml'), 'utf8');
    const built = await build({ chartPath: 'charts/app', valuesFiles, versionMetadata });
    expect(built).toMatchObject({ version: '0.1.0+4e5cbb7b97d0.7', valuesFiles });
    expect((await showChart(built.file)).version).toBe('0.1.0+4e5cbb7b97d0.7');
    const values = parse(await helm(['show', 'values', built.file]));
    expect(values.replicaCount).toBe(4);
    expect(values.image).toEqual({ repository: 'nginx', pullPolicy: 'IfNotPresent', tag: 'prod' });
    expect(values.extra).toEqual({ enabled: true });
    expect(values.service).toEqual(parse(original).service);
    expect(await readFile(join(source, 'charts', 'app', 'values.yaml'), 'utf8')).toBe(original);
  });

  it('replaces the default values when only other files are listed, as Flux does', async () => {
    const built = await build({ chartPath: 'charts/app', valuesFiles: ['env/prod.yaml'] });
    expect(parse(await helm(['show', 'values', built.file]))).toEqual({
      replicaCount: 4,
      image: { tag: 'prod' },
      extra: { enabled: true },
    });
  });

  it('skips missing values files only with ignoreMissingValuesFiles', async () => {
    const valuesFiles = ['env/prod.yaml', 'env/missing.yaml'];
    const error = await build({ chartPath: 'charts/app', valuesFiles }).catch((e) => e);
    expect(error).toBeInstanceOf(ValuesFilesError);
    expect(error.persistent).toBe(true);
    const built = await build({ chartPath: 'charts/app', valuesFiles, ignoreMissingValuesFiles: true });
    expect(built.valuesFiles).toEqual(['env/prod.yaml']);
  });

  it('packages a missing file:// dependency into charts/', async () => {
    const built = await build({ chartPath: 'charts/with-local-dep' });
    expect(await listArchive(built.file)).toContain('with-local-dep/charts/lib/Chart.yaml');
  });

  it.each([
    ['a file:// dependency whose version does not match', 'charts/with-bad-dep', /can't get a valid version/],
    ['a remote dependency that is not vendored', 'charts/with-remote-dep', /must be vendored/],
    ['a file:// dependency outside of the source', 'charts/escaping-dep', /outside of the source/],
  ])('fails with ChartDependencyError for %s', async (_what, chartPath, message) => {
    const error = await build({ chartPath }).catch((e) => e);
    expect(error).toBeInstanceOf(ChartDependencyError);
    expect(error.reason).toBe('DependencyBuildError');
    expect(error.message).toMatch(message);
  });

  it('reports a broken Chart.yaml as an invalid chart reference', async () => {
    const error = await build({ chartPath: 'charts/broken' }).catch((e) => e);
    expect(error).toBeInstanceOf(ChartReferenceError);
    expect(error).toMatchObject({ reason: 'InvalidChartReference', persistent: true });
  });

  it('reports a chart that helm refuses to package as ChartPackageError', async () => {
    const error = await build({ chartPath: 'charts/bad-type' }).catch((e) => e);
    expect(error).toBeInstanceOf(ChartPackageError);
    expect(error.reason).toBe('ChartPackageError');
    expect(error.message).toMatch(/type/);
  });

  it.each([
    ['escapes the source dir', '../outside'],
    ['escapes through dot-dot segments', 'charts/../../etc'],
    ['does not exist', 'charts/nope'],
  ])('rejects a chart path that %s', async (_what, chartPath) => {
    const error = await build({ chartPath }).catch((e) => e);
    expect(error).toBeInstanceOf(ChartReferenceError);
  });

  it('refuses a symlink in the chart that points outside of the source', async () => {
    const error = await build({ chartPath: 'charts/linked' }).catch((e) => e);
    expect(error).toBeInstanceOf(ChartPackageError);
    expect(error.message).not.toContain('hunter2');
  });

  it('copies a packaged chart in the source unchanged, and repackages it for build metadata', async () => {
    const chartPath = 'packaged/app-3.2.1.tgz';
    const copied = await build({ chartPath });
    expect(copied).toMatchObject({ name: 'app', version: '3.2.1', packaged: false });
    expect((await readFile(copied.file)).equals(await readFile(join(source, chartPath)))).toBe(true);
    const repackaged = await build({ chartPath, valuesFiles: ['env/prod.yaml'], versionMetadata: '2' });
    expect(repackaged).toMatchObject({ version: '3.2.1+2', packaged: true });
    expect(parse(await helm(['show', 'values', repackaged.file])).replicaCount).toBe(4);
  });

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(build({ chartPath: 'charts/app', signal: controller.signal })).rejects.toBeInstanceOf(
      ChartPackageError,
    );
  });
});
