import { describe, expect, it } from 'vitest';
import { hmacHex, tampered, webhookFixture } from '../../../test/fixtures/webhooks/webhook-fixtures.js';
import { verifyWebhook, type WebhookHeaders, type WebhookVerdict } from './index.js';

const token = 'nexus-secret-key';
const created = webhookFixture('nexus-component-created.json');
const notJson = Buffer.from('component created');
const noRepository = Buffer.from('{"action":"CREATED"}');
const signed = (body: Buffer, key = token): WebhookHeaders => ({
  'x-nexus-webhook-signature': hmacHex('sha1', key, body),
});

describe('nexus receiver', () => {
  it.each<{
    case: string;
    headers: WebhookHeaders;
    body?: Buffer;
    expected: WebhookVerdict['outcome'];
    status?: number;
  }>([
    { case: 'valid HMAC-SHA1 signature', headers: signed(created), expected: 'reconcile' },
    { case: 'missing signature', headers: {}, expected: 'reject', status: 401 },
    { case: 'signed with another key', headers: signed(created, 'other-key'), expected: 'reject', status: 401 },
    { case: 'tampered body', headers: signed(created), body: tampered(created), expected: 'reject', status: 401 },
    {
      case: 'SHA-256 HMAC instead of SHA-1',
      headers: { 'x-nexus-webhook-signature': hmacHex('sha256', token, created) },
      expected: 'reject',
      status: 401,
    },
    {
      case: 'prefixed signature',
      headers: { 'x-nexus-webhook-signature': `sha1=${hmacHex('sha1', token, created)}` },
      expected: 'reject',
      status: 401,
    },
    { case: 'signed body that is not JSON', headers: signed(notJson), body: notJson, expected: 'reject', status: 400 },
    {
      case: 'signed body without repositoryName',
      headers: signed(noRepository),
      body: noRepository,
      expected: 'reject',
      status: 400,
    },
  ])('$case → $expected', ({ headers, body = created, expected, status }) => {
    const verdict = verifyWebhook({ type: 'nexus', token, events: [], headers, body });
    expect(verdict.outcome).toBe(expected);
    if (verdict.outcome !== 'reconcile') expect(verdict.status).toBe(status);
  });
});
