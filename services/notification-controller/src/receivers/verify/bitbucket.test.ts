import { describe, expect, it } from 'vitest';
import { hmacHex, tampered, webhookFixture } from '../../../test/fixtures/webhooks/webhook-fixtures.js';
import { verifyWebhook, type WebhookHeaders, type WebhookVerdict } from './index.js';

const token = 'bitbucket-token';
const push = webhookFixture('bitbucket-server-push.json');
const ping = Buffer.from('{"test": true}');
// Bitbucket Server sends its JSON with a charset parameter.
const json = { 'content-type': 'application/json; charset=UTF-8' };
const signed = (body: Buffer, key = token) => ({
  ...json,
  'x-hub-signature': `sha256=${hmacHex('sha256', key, body)}`,
});

describe('bitbucket (Server) receiver', () => {
  it.each<{
    case: string;
    headers: WebhookHeaders;
    body?: Buffer;
    events?: string[];
    expected: WebhookVerdict['outcome'];
    status?: number;
  }>([
    { case: 'valid signature', headers: signed(push), expected: 'reconcile' },
    {
      case: 'event key listed in events',
      headers: { ...signed(push), 'x-event-key': 'repo:refs_changed' },
      events: ['repo:refs_changed'],
      expected: 'reconcile',
    },
    {
      case: 'event key not in events',
      headers: { ...signed(push), 'x-event-key': 'repo:refs_changed' },
      events: ['pr:merged'],
      expected: 'ignore',
      status: 200,
    },
    {
      case: 'diagnostics:ping',
      headers: { ...signed(ping), 'x-event-key': 'diagnostics:ping' },
      body: ping,
      events: ['repo:refs_changed'],
      expected: 'ignore',
      status: 200,
    },
    {
      case: 'diagnostics:ping with a bad signature',
      headers: { ...signed(ping, 'other-token'), 'x-event-key': 'diagnostics:ping' },
      body: ping,
      expected: 'reject',
      status: 401,
    },
    {
      case: 'missing signature',
      headers: { ...json, 'x-event-key': 'repo:refs_changed' },
      expected: 'reject',
      status: 401,
    },
    { case: 'signed with another token', headers: signed(push, 'other-token'), expected: 'reject', status: 401 },
    { case: 'tampered body', headers: signed(push), body: tampered(push), expected: 'reject', status: 401 },
  ])('$case → $expected', ({ headers, body = push, events = [], expected, status }) => {
    const verdict = verifyWebhook({ type: 'bitbucket', token, events, headers, body });
    expect(verdict.outcome).toBe(expected);
    if (verdict.outcome !== 'reconcile') expect(verdict.status).toBe(status);
  });
});
