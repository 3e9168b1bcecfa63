import { describe, expect, it } from 'vitest';
import { webhookFixture } from '../../../test/fixtures/webhooks/webhook-fixtures.js';
import { verifyWebhook, type WebhookHeaders, type WebhookVerdict } from './index.js';

const token = 'harbor-auth-header';
const push = webhookFixture('harbor-push-artifact.json');

describe('harbor receiver', () => {
  it.each<{ case: string; headers: WebhookHeaders; events?: string[]; expected: WebhookVerdict['outcome'] }>([
    { case: 'Authorization equals the token', headers: { authorization: token }, expected: 'reconcile' },
    {
      case: 'events are not a Harbor filter',
      headers: { authorization: token },
      events: ['something-else'],
      expected: 'reconcile',
    },
    { case: 'missing Authorization', headers: {}, expected: 'reject' },
    { case: 'wrong Authorization', headers: { authorization: 'harbor-auth-headex' }, expected: 'reject' },
    { case: 'token with a scheme added', headers: { authorization: `Bearer ${token}` }, expected: 'reject' },
  ])('$case → $expected', ({ headers, events = [], expected }) => {
    const verdict = verifyWebhook({ type: 'harbor', token, events, headers, body: push });
    expect(verdict.outcome).toBe(expected);
    if (verdict.outcome === 'reject') expect(verdict.status).toBe(401);
  });
});
