import type { FluxEvent } from '@driftless/api';
import { type CaptureServer, startCaptureServer } from '@driftless/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderConfigError } from '../delivery-errors.js';
import type { ProviderSettings } from '../notifier.js';
import { type ClosableTransport, createTransport } from '../transport.js';
import { isLegacyConnector, messageCard, msteamsNotifier } from './msteams.js';

const event: FluxEvent = {
  involvedObject: { kind: 'HelmRelease', namespace: 'apps', name: 'podinfo' },
  severity: 'error',
  timestamp: '2024-05-01T10:00:00Z',
  message: 'install failed',
  reason: 'InstallFailed',
  metadata: { 'helm.toolkit.fluxcd.io/revision': '6.5.0', summary: 'east cluster', app: 'podinfo' },
  reportingController: 'helm-controller',
};

function settings(overrides: Partial<ProviderSettings>): ProviderSettings {
  return {
    type: 'msteams',
    namespace: 'flux-system',
    name: 'teams',
    uid: 'uid-1',
    address: '',
    headers: {},
    ...overrides,
  };
}

let transport: ClosableTransport;
let server: CaptureServer;

beforeAll(() => {
  transport = createTransport();
});
afterAll(async () => {
  await transport.close();
});
beforeEach(async () => {
  server = await startCaptureServer({ respond: () => ({ status: 202 }) });
});
afterEach(async () => {
  await server.stop();
});

describe('msteams', () => {
  it('posts an Adaptive Card to a Workflows URL, summary first among the facts', async () => {
    const address = `${server.url}/workflows/abc/triggers/manual/paths/invoke?sig=secret`;
    await msteamsNotifier.send(event, settings({ address }), transport);

    const [request] = server.requests();
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/workflows/abc/triggers/manual/paths/invoke?sig=secret');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.json).toEqual({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            msteams: { width: 'Full' },
            body: [
              {
                type: 'Container',
                items: [
                  { type: 'TextBlock', text: 'helmrelease/podinfo.apps', size: 'large', weight: 'bolder', wrap: true },
                  { type: 'TextBlock', text: 'install failed', wrap: true, color: 'attention' },
                  {
                    type: 'FactSet',
                    facts: [
                      { title: 'summary', value: 'east cluster' },
                      { title: 'app', value: 'podinfo' },
                      { title: 'revision', value: '6.5.0' },
                    ],
                  },
                ],
              },
            ],
          },
        },
      ],
    });
  });

  it('leaves the message uncoloured and drops the FactSet for an info event without metadata', async () => {
    await msteamsNotifier.send(
      { ...event, severity: 'info', metadata: undefined },
      settings({ address: server.url }),
      transport,
    );
    const body = server.requests()[0].json as {
      attachments: Array<{ content: { body: Array<{ items: unknown[] }> } }>;
    };
    expect(body.attachments[0].content.body[0].items).toEqual([
      { type: 'TextBlock', text: 'helmrelease/podinfo.apps', size: 'large', weight: 'bolder', wrap: true },
      { type: 'TextBlock', text: 'install failed', wrap: true },
    ]);
  });

  it('recognises the retired Office 365 connector by its host', () => {
    expect(isLegacyConnector(new URL('https://contoso.webhook.office.com/webhookb2/x'))).toBe(true);
    expect(isLegacyConnector(new URL('https://prod-01.westus.logic.azure.com/workflows/x'))).toBe(false);
  });

  it('builds a MessageCard for the legacy connector, red for errors', () => {
    expect(messageCard(event)).toEqual({
      '@type': 'MessageCard',
      '@context': 'http://schema.org/extensions',
      themeColor: 'FF0000',
      summary: 'helmrelease/podinfo.apps',
      sections: [
        {
          activityTitle: 'install failed',
          activitySubtitle: 'helmrelease/podinfo.apps',
          facts: [
            { name: 'app', value: 'podinfo' },
            { name: 'revision', value: '6.5.0' },
            { name: 'summary', value: 'east cluster' },
          ],
        },
      ],
    });
    expect(messageCard({ ...event, severity: 'info' }).themeColor).toBe('0076D7');
  });

  it('needs an address', () => {
    expect(() => msteamsNotifier.validate(settings({}))).toThrow(ProviderConfigError);
    expect(() => msteamsNotifier.validate(settings({}))).toThrow(/msteams Provider needs an address/);
  });
});
