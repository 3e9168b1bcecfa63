import { type CaptureServer, startCaptureServer } from '@driftless/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderConfigError } from '../delivery-errors.js';
import { type ClosableTransport, createTransport } from '../transport.js';
import { azureDevOpsNotifier, azureDevOpsRepository } from './azure-devops.js';
import { SHA, statusEvent, statusSettings } from './status-test-fixture.js';

const NAME = 'kustomization/podinfo/0c9c2e41';
const STATUSES = `/my-org/my-project/_apis/git/repositories/my-repo/commits/${SHA}/statuses?api-version=6.0`;

let server: CaptureServer | undefined;
let transport: ClosableTransport | undefined;

afterEach(async () => {
  await server?.stop();
  await transport?.close();
  server = undefined;
  transport = undefined;
});

async function startAzureDevOps(listed: unknown[]): Promise<CaptureServer> {
  server = await startCaptureServer({
    respond: (req) =>
      req.method === 'GET'
        ? { status: 200, body: JSON.stringify({ count: listed.length, value: listed }) }
        : { status: 201, body: '{}' },
  });
  transport = createTransport();
  return server;
}

const settings = statusSettings('azuredevops', 'azure', 'ado-pat');

const event = statusEvent;

describe('azureDevOpsNotifier', () => {
  it('lists the statuses, then creates one with the PAT as basic auth', async () => {
    const ado = await startAzureDevOps([]);
    await azureDevOpsNotifier.send(event(), settings(`${ado.url}/my-org/my-project/_git/my-repo`), transport!);

    const [list, create] = ado.requests();
    const basic = `Basic ${Buffer.from(':ado-pat').toString('base64')}`;
    expect(ado.requests()).toHaveLength(2);
    expect(list.method).toBe('GET');
    expect(list.url).toBe(STATUSES);
    expect(list.headers.authorization).toBe(basic);
    expect(create.method).toBe('POST');
    expect(create.url).toBe(STATUSES);
    expect(create.headers.authorization).toBe(basic);
    expect(create.json).toEqual({
      state: 'succeeded',
      description: 'reconciliation succeeded',
      context: { genre: 'fluxcd', name: NAME },
    });
  });

  it('reports error events as error and puts the Alert summary in the genre', async () => {
    const ado = await startAzureDevOps([]);
    await azureDevOpsNotifier.send(
      event({
        severity: 'error',
        reason: 'HealthCheckFailed',
        metadata: { 'kustomize.toolkit.fluxcd.io/revision': `main@sha1:${SHA}`, summary: 'prod cluster' },
      }),
      settings(`${ado.url}/my-org/my-project/_git/my-repo`),
      transport!,
    );
    expect(ado.requests()[1].json).toEqual({
      state: 'error',
      description: 'health check failed',
      context: { genre: 'fluxcd:prod cluster', name: NAME },
    });
  });

  it('does not post when the latest status with our context is the same', async () => {
    const ado = await startAzureDevOps([
      { state: 'succeeded', description: 'reconciliation succeeded', context: { genre: 'fluxcd', name: NAME } },
      { state: 'error', description: 'health check failed', context: { genre: 'fluxcd', name: NAME } },
    ]);
    await azureDevOpsNotifier.send(event(), settings(`${ado.url}/my-org/my-project/_git/my-repo`), transport!);
    expect(ado.requests().map((r) => r.method)).toEqual(['GET']);
  });

  it('posts when the latest status with our context differs', async () => {
    const ado = await startAzureDevOps([
      { state: 'error', description: 'health check failed', context: { genre: 'fluxcd', name: NAME } },
      { state: 'succeeded', description: 'reconciliation succeeded', context: { genre: 'fluxcd', name: NAME } },
    ]);
    await azureDevOpsNotifier.send(event(), settings(`${ado.url}/my-org/my-project/_git/my-repo`), transport!);
    expect(ado.requests().map((r) => r.method)).toEqual(['GET', 'POST']);
  });

  it('skips Progressing events', async () => {
    const ado = await startAzureDevOps([]);
    await azureDevOpsNotifier.send(
      event({ reason: 'Progressing' }),
      settings(`${ado.url}/my-org/my-project/_git/my-repo`),
      transport!,
    );
    expect(ado.requests()).toHaveLength(0);
  });
});

describe('azureDevOpsRepository', () => {
  it('maps dev.azure.com/<org>/<project>/_git/<repo> to the git REST API', () => {
    expect(azureDevOpsRepository(settings('https://dev.azure.com/org/My%20Project/_git/repo')).repoUrl).toBe(
      'https://dev.azure.com/org/My%20Project/_apis/git/repositories/repo',
    );
  });

  it.each([
    ['no token', settings('https://dev.azure.com/o/p/_git/r', { token: undefined }), /personal access token/],
    ['a path without _git', settings('https://dev.azure.com/o/p/r'), /_git/],
  ])('validate rejects %s', (_case, bad, message) => {
    expect(() => azureDevOpsNotifier.validate(bad)).toThrow(ProviderConfigError);
    expect(() => azureDevOpsNotifier.validate(bad)).toThrow(message);
  });
});
