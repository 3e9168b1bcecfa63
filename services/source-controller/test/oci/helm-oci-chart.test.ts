import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  createRegistryClient,
  HelmOciChartError,
  OciManifestError,
  OciRequestError,
  OciTooLargeError,
  type RegistryClient,
} from '@driftless/oci';
import { type DockerRegistry, pushOciArtifact, startDockerRegistry } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullOciChart } from '../../src/oci/helm-oci-chart.js';
import { FluxArtifactMediaType } from '../../src/oci/oci-artifact.js';

const run = promisify(execFile);
const helmBinary = resolve(import.meta.dirname, '../../../../.tools/bin/helm');
const versions = ['0.1.0', '0.2.0', '0.3.0-rc.1', '1.0.0+build.1'];

describe('Helm charts from an OCI HelmRepository (pushed with the real helm)', () => {
  let registry: DockerRegistry;
  let work: string;
  let client: RegistryClient;
  let repositoryUrl: string;
  const packages: Record<string, Buffer> = {};

  const helm = (args: string[]) =>
    run(helmBinary, args, {
      cwd: work,
      env: {
        ...process.env,
        HELM_CONFIG_HOME: join(work, 'helm-config'),
        HELM_CACHE_HOME: join(work, 'helm-cache'),
        HELM_DATA_HOME: join(work, 'helm-data'),
      },
    });

  beforeAll(async () => {
    registry = await startDockerRegistry();
    work = await mkdtemp(join(tmpdir(), 'helm-oci-test-'));
    repositoryUrl = `oci://${registry.host}/charts`;
    await helm(['create', 'demo']);
    for (const version of versions) {
      await helm(['package', 'demo', '--version', version, '--destination', 'packages']);
      const file = join(work, 'packages', `demo-${version}.tgz`);
      packages[version] = await readFile(file);
      await helm(['push', file, repositoryUrl, '--plain-http']);
    }
    await pushOciArtifact(registry, {
      repository: 'charts/not-a-chart',
      tag: '1.0.0',
      config: { mediaType: FluxArtifactMediaType.Config, data: Buffer.from('{}') },
      layers: [{ mediaType: FluxArtifactMediaType.Content, data: Buffer.from('x') }],
    });
    client = createRegistryClient(registry.host, { insecure: true });
  });

  afterAll(async () => {
    await registry?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('helm stores versions with build metadata under an _ tag', async () => {
    expect((await client.listTags('charts/demo')).sort()).toEqual(['0.1.0', '0.2.0', '0.3.0-rc.1', '1.0.0_build.1']);
  });

  it.each([
    ['>=0.1.0 <1.0.0', '0.2.0'],
    ['~0.1', '0.1.0'],
    ['0.1.0', '0.1.0'],
    ['>=0.3.0-0 <1.0.0', '0.3.0-rc.1'],
    ['*', '1.0.0+build.1'],
    ['', '1.0.0+build.1'],
    ['1.0.0+build.1', '1.0.0+build.1'],
  ])('version %j pulls %s, byte for byte the package helm made', async (version, expected) => {
    const destFile = join(work, 'pulled', `${expected}-${Math.random().toString(36).slice(2)}.tgz`);
    const pulled = await pullOciChart(client, { repositoryUrl, chart: 'demo', version, destFile });
    expect(pulled.name).toBe('demo');
    expect(pulled.version).toBe(expected);
    expect(pulled.file).toBe(destFile);
    expect(pulled.url).toBe(`${repositoryUrl}/demo:${expected}`);
    expect(pulled.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await readFile(destFile)).toEqual(packages[expected]);
  });

  it('fails with ChartPullFailed when no version matches the range', async () => {
    const pulling = pullOciChart(client, {
      repositoryUrl,
      chart: 'demo',
      version: '>=5.0.0',
      destFile: join(work, 'x'),
    });
    await expect(pulling).rejects.toThrow(HelmOciChartError);
    await expect(pulling).rejects.toMatchObject({ reason: 'ChartPullFailed' });
    await expect(pulling).rejects.toThrow('could not locate a version matching provided version string >=5.0.0');
  });

  it('fails with a 404 for an unknown chart or an exact version that does not exist', async () => {
    const chart = pullOciChart(client, { repositoryUrl, chart: 'nope', version: '*', destFile: join(work, 'y') });
    await expect(chart).rejects.toMatchObject({ status: 404, code: 'NAME_UNKNOWN' });
    const version = pullOciChart(client, { repositoryUrl, chart: 'demo', version: '9.9.9', destFile: join(work, 'z') });
    await expect(version).rejects.toThrow(OciRequestError);
    await expect(version).rejects.toMatchObject({ status: 404 });
  });

  it('refuses an artifact that is not a Helm chart', async () => {
    const pulling = pullOciChart(client, {
      repositoryUrl,
      chart: 'not-a-chart',
      version: '1.0.0',
      destFile: join(work, 'n'),
    });
    await expect(pulling).rejects.toThrow(OciManifestError);
    await expect(pulling).rejects.toThrow(`config media type is ${FluxArtifactMediaType.Config}, not a Helm chart`);
  });

  it('refuses a chart larger than maxBytes', async () => {
    const pulling = pullOciChart(client, {
      repositoryUrl,
      chart: 'demo',
      version: '0.1.0',
      destFile: join(work, 'big.tgz'),
      maxBytes: 100,
    });
    await expect(pulling).rejects.toThrow(OciTooLargeError);
  });
});
