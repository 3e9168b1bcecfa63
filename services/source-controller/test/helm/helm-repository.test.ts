import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createSelfSignedCert, type SelfSignedCert, type StaticServer, startStaticServer } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mergeValuesIntoPackagedChart } from '../../src/helm/chart-build.js';
import { downloadChart } from '../../src/helm/chart-download.js';
import { selectChartVersion } from '../../src/helm/chart-select.js';
import {
  ChartVersionNotFoundError,
  HelmFetchError,
  HelmIndexError,
  HelmTooLargeError,
  HelmUnauthorizedError,
} from '../../src/helm/helm-errors.js';
import { fetchIndex, indexArtifact } from '../../src/helm/repository-index.js';

const helmBinary = join(import.meta.dirname, '../../../../.tools/bin/helm');
const run = promisify(execFile);
const auth = { username: 'helm', password: 'pa55-word' };

let work: string;
let plain: StaticServer;
let repoWithAuth: StaticServer;
let cdnWithAuth: StaticServer;
let tlsServer: StaticServer;
let mtlsServer: StaticServer;
let serverCert: SelfSignedCert;
let clientCert: SelfSignedCert;

async function helm(args: string[], cwd = work): Promise<string> {
  const env = { HOME: work, HELM_CONFIG_HOME: join(work, '.helm'), HELM_CACHE_HOME: join(work, '.helm-cache') };
  return (await run(helmBinary, args, { cwd, env })).stdout;
}

const signal = () => AbortSignal.timeout(20_000);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'driftless-helm-repo-test-'));
  await helm(['create', 'app'], join(work));
  await writeFile(join(work, 'app', 'values-prod.yaml'), 'replicaCount: 5\nimage:\n  tag: prod\n');
  for (const dir of ['rel', 'abs', 'bad']) await mkdir(join(work, dir));
  for (const version of ['1.0.0', '1.1.0', '2.0.0-rc.1']) {
    await helm(['package', 'app', '--version', version, '--destination', 'rel']);
    await helm(['package', 'app', '--version', version, '--destination', 'abs']);
  }
  await helm(['repo', 'index', 'rel']);
  await writeFile(join(work, 'bad', 'index.yaml'), 'apiVersion: v1\nentries:\n  app: [\n');
  [serverCert, clientCert] = await Promise.all([createSelfSignedCert(), createSelfSignedCert()]);
  plain = await startStaticServer({ root: work });
  repoWithAuth = await startStaticServer({ root: join(work, 'abs'), auth });
  cdnWithAuth = await startStaticServer({ root: join(work, 'abs'), auth });
  tlsServer = await startStaticServer({ root: join(work, 'rel'), tls: serverCert });
  mtlsServer = await startStaticServer({ root: join(work, 'rel'), tls: serverCert, clientCa: clientCert.cert });
  // Absolute chart URLs that point at another host:port than the repository.
  await helm(['repo', 'index', 'abs', '--url', cdnWithAuth.url]);
});

afterAll(async () => {
  for (const s of [plain, repoWithAuth, cdnWithAuth, tlsServer, mtlsServer]) await s?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('HelmRepository index', () => {
  it('fetches and parses index.yaml, newest version first', async () => {
    const { bytes, index } = await fetchIndex({ url: `${plain.url}/rel`, signal: signal() });
    expect(bytes.equals(await readFile(join(work, 'rel', 'index.yaml')))).toBe(true);
    expect(index.entries.app.map((e) => e.version)).toEqual(['2.0.0-rc.1', '1.1.0', '1.0.0']);
    expect(index.entries.app[0].urls).toEqual(['app-2.0.0-rc.1.tgz']);
    expect(plain.requests().at(-1)).toMatchObject({ path: '/rel/index.yaml', status: 200 });
  });

  it('gives an artifact revision that is the sha256 of index.yaml, stable until the index changes', async () => {
    const first = await fetchIndex({ url: `${plain.url}/rel/`, signal: signal() });
    const again = await fetchIndex({ url: `${plain.url}/rel`, signal: signal() });
    const onDisk = await readFile(join(work, 'rel', 'index.yaml'));
    const artifact = indexArtifact(first.index, first.bytes);
    expect(artifact.revision).toBe(`sha256:${createHash('sha256').update(onDisk).digest('hex')}`);
    expect(indexArtifact(again.index, again.bytes)).toEqual(artifact);
    expect(JSON.parse(artifact.content.toString('utf8')).entries.app).toHaveLength(3);

    await writeFile(join(work, 'rel', 'index.yaml'), `${onDisk.toString('utf8')}# touched\n`);
    try {
      const changed = await fetchIndex({ url: `${plain.url}/rel`, signal: signal() });
      expect(indexArtifact(changed.index, changed.bytes).revision).not.toBe(artifact.revision);
    } finally {
      await writeFile(join(work, 'rel', 'index.yaml'), onDisk);
    }
  });

  it('rejects a malformed index.yaml with HelmIndexError', async () => {
    const error = await fetchIndex({ url: `${plain.url}/bad`, signal: signal() }).catch((e) => e);
    expect(error).toBeInstanceOf(HelmIndexError);
    expect(error.reason).toBe('IndexationFailed');
  });

  it('rejects an index larger than the limit', async () => {
    const error = await fetchIndex({ url: `${plain.url}/rel`, signal: signal(), maxBytes: 100 }).catch((e) => e);
    expect(error).toBeInstanceOf(HelmTooLargeError);
    expect(error.message).toContain('index exceeds the maximum size of 100 bytes');
  });

  it('reports a missing index as a fetch failure with the status', async () => {
    const error = await fetchIndex({ url: `${plain.url}/nope`, signal: signal() }).catch((e) => e);
    expect(error).toBeInstanceOf(HelmFetchError);
    expect(error).toMatchObject({ status: 404, reason: 'Failed' });
  });

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await fetchIndex({ url: `${plain.url}/rel`, signal: controller.signal }).catch((e) => e);
    expect(error).toBeInstanceOf(HelmFetchError);
    expect(error.message).toContain('aborted');
  });
});

describe('basic auth', () => {
  it('sends the credentials and reads the index', async () => {
    const { index } = await fetchIndex({ url: repoWithAuth.url, credentials: auth, signal: signal() });
    expect(index.entries.app[0].urls).toEqual([`${cdnWithAuth.url}/app-2.0.0-rc.1.tgz`]);
    expect(repoWithAuth.requests().at(-1)).toMatchObject({ status: 200, user: 'helm' });
  });

  it.each([
    ['no credentials', {}],
    ['a wrong password', { username: 'helm', password: 'wrong-one' }],
  ])('fails with HelmUnauthorizedError for %s, without the password in the message', async (_what, credentials) => {
    const error = await fetchIndex({ url: repoWithAuth.url, credentials, signal: signal() }).catch((e) => e);
    expect(error).toBeInstanceOf(HelmUnauthorizedError);
    expect(error.status).toBe(401);
    expect(error.message).not.toContain('wrong-one');
  });

  it('keeps the credentials from chart URLs on another host unless passCredentials is set', async () => {
    const { index } = await fetchIndex({ url: repoWithAuth.url, credentials: auth, signal: signal() });
    const entry = selectChartVersion(index, 'app', '1.0.0');
    const destFile = join(work, 'cross-host.tgz');
    const base = { repositoryUrl: repoWithAuth.url, entry, credentials: auth, destFile };

    cdnWithAuth.clearRequests();
    const error = await downloadChart({ ...base, signal: signal() }).catch((e) => e);
    expect(error).toBeInstanceOf(HelmUnauthorizedError);
    expect(error.reason).toBe('ChartPullError');
    expect(cdnWithAuth.requests()).toEqual([{ method: 'GET', path: '/app-1.0.0.tgz', status: 401, user: undefined }]);

    await downloadChart({ ...base, passCredentials: true, signal: signal() });
    expect(cdnWithAuth.requests().at(-1)).toEqual({ method: 'GET', path: '/app-1.0.0.tgz', status: 200, user: 'helm' });
    expect((await readFile(destFile)).equals(await readFile(join(work, 'abs', 'app-1.0.0.tgz')))).toBe(true);
  });
});

describe('chart download', () => {
  it('downloads the latest matching version from a relative URL', async () => {
    const { index } = await fetchIndex({ url: `${plain.url}/rel`, signal: signal() });
    const entry = selectChartVersion(index, 'app', undefined);
    expect(entry.version).toBe('1.1.0');
    const destFile = join(work, 'latest.tgz');
    await downloadChart({ repositoryUrl: `${plain.url}/rel`, entry, signal: signal(), destFile });
    expect(plain.requests().at(-1)).toMatchObject({ path: '/rel/app-1.1.0.tgz', status: 200 });
    expect(parse(await helm(['show', 'chart', destFile])).version).toBe('1.1.0');
  });

  it('fails when no version matches the range', async () => {
    const { index } = await fetchIndex({ url: `${plain.url}/rel`, signal: signal() });
    expect(() => selectChartVersion(index, 'app', '>=3.0.0')).toThrow(ChartVersionNotFoundError);
  });

  it('rejects a chart larger than the limit', async () => {
    const { index } = await fetchIndex({ url: `${plain.url}/rel`, signal: signal() });
    const entry = selectChartVersion(index, 'app', '1.0.0');
    const destFile = join(work, 'too-large.tgz');
    const error = await downloadChart({
      repositoryUrl: `${plain.url}/rel`,
      entry,
      signal: signal(),
      destFile,
      maxBytes: 512,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(HelmTooLargeError);
    expect(error.reason).toBe('ChartPullError');
    await expect(readFile(destFile)).rejects.toThrow(/ENOENT/);
  });

  it('repackages a downloaded chart with merged values and the generation as build metadata', async () => {
    const { index } = await fetchIndex({ url: `${plain.url}/rel`, signal: signal() });
    const entry = selectChartVersion(index, 'app', '~1.1');
    const chartFile = join(work, 'remote.tgz');
    await downloadChart({ repositoryUrl: `${plain.url}/rel`, entry, signal: signal(), destFile: chartFile });
    const outDir = join(work, 'out-remote');
    const built = await mergeValuesIntoPackagedChart({
      helmBinary,
      chartFile,
      valuesFiles: ['values.yaml', 'values-prod.yaml'],
      versionMetadata: '4',
      outDir,
      signal: signal(),
    });
    expect(built).toEqual({
      file: join(outDir, 'app-1.1.0+4.tgz'),
      name: 'app',
      version: '1.1.0+4',
      valuesFiles: ['values.yaml', 'values-prod.yaml'],
      packaged: true,
    });
    expect(parse(await helm(['show', 'chart', built.file])).version).toBe('1.1.0+4');
    const values = parse(await helm(['show', 'values', built.file]));
    expect(values.replicaCount).toBe(5);
    expect(values.image).toEqual({ repository: 'nginx', pullPolicy: 'IfNotPresent', tag: 'prod' });

    const unchanged = await mergeValuesIntoPackagedChart({ helmBinary, chartFile, outDir, signal: signal() });
    expect(unchanged).toMatchObject({ version: '1.1.0', packaged: false, valuesFiles: [] });
    expect((await readFile(unchanged.file)).equals(await readFile(chartFile))).toBe(true);
  });
});

describe('TLS', () => {
  it('trusts a custom CA for the index and the chart', async () => {
    const url = tlsServer.url;
    const failed = await fetchIndex({ url, signal: signal() }).catch((e) => e);
    expect(failed).toBeInstanceOf(HelmFetchError);
    expect(failed).not.toBeInstanceOf(HelmUnauthorizedError);

    const credentials = { caCert: serverCert.cert };
    const { index } = await fetchIndex({ url, credentials, signal: signal() });
    const entry = selectChartVersion(index, 'app', '1.0.x');
    const destFile = join(work, 'tls.tgz');
    await downloadChart({ repositoryUrl: url, entry, credentials, signal: signal(), destFile });
    expect(parse(await helm(['show', 'chart', destFile])).version).toBe('1.0.0');
  });

  it('presents a client certificate for mutual TLS', async () => {
    const url = mtlsServer.url;
    const withoutCert = await fetchIndex({ url, credentials: { caCert: serverCert.cert }, signal: signal() }).catch(
      (e) => e,
    );
    expect(withoutCert).toBeInstanceOf(HelmFetchError);
    const credentials = { caCert: serverCert.cert, certPem: clientCert.cert, keyPem: clientCert.key };
    const { index } = await fetchIndex({ url, credentials, signal: signal() });
    expect(index.entries.app).toHaveLength(3);
  });
});
