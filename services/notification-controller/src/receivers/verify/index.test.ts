import { type ReceiverType, ReceiverTypes } from '@driftless/api';
import { describe, expect, it } from 'vitest';
import { hmacHex, tampered, webhookFixture } from '../../../test/fixtures/webhooks/webhook-fixtures.js';
import { verifyWebhook, type WebhookHeaders } from './index.js';

const token = 'top-secret-token-value';
const body = webhookFixture('github-push.json');

describe('verifyWebhook', () => {
  it('answers gcr with 501 until Google OIDC verification exists', () => {
    expect(verifyWebhook({ type: 'gcr', token, events: [], headers: { authorization: 'Bearer x' }, body })).toEqual({
      outcome: 'reject',
      status: 501,
      message: 'gcr receivers are not supported by Driftless yet (Google OIDC token verification)',
    });
  });

  it('refuses a type it does not know', () => {
    const verdict = verifyWebhook({ type: 'toString' as ReceiverType, token, events: [], headers: {}, body });
    expect(verdict).toMatchObject({ outcome: 'reject', status: 501 });
  });

  it.each(ReceiverTypes.filter((t) => t !== 'gcr'))('has a verifier for %s', (type) => {
    const verdict = verifyWebhook({ type, token, events: [], headers: {}, body });
    expect(verdict.outcome === 'reject' ? verdict.message : '').not.toMatch(/not supported/);
  });

  const sha256 = `sha256=${hmacHex('sha256', token, body)}`;
  it.each<{ type: ReceiverType; headers: WebhookHeaders; payload?: Buffer }>([
    { type: 'generic-hmac', headers: { 'x-signature': sha256 }, payload: tampered(body) },
    { type: 'generic-hmac', headers: { 'x-signature': `sha256=${token}` } },
    { type: 'github', headers: { 'x-hub-signature-256': sha256 }, payload: tampered(body) },
    { type: 'github', headers: { 'x-hub-signature-256': token } },
    { type: 'gitea', headers: { 'x-gitea-signature': hmacHex('sha256', token, body) }, payload: tampered(body) },
    { type: 'bitbucket', headers: { 'x-hub-signature': sha256 }, payload: tampered(body) },
    { type: 'gitlab', headers: { 'x-gitlab-token': `${token}-almost` } },
    { type: 'harbor', headers: { authorization: `${token}-almost` } },
    {
      type: 'nexus',
      headers: { 'x-nexus-webhook-signature': hmacHex('sha1', token, body) },
      payload: tampered(body),
    },
  ])('never puts the token or signature of a refused $type delivery in the message', ({ type, headers, payload }) => {
    const verdict = verifyWebhook({ type, token, events: [], headers, body: payload ?? body });
    expect(verdict.outcome).toBe('reject');
    const message = verdict.outcome === 'reject' ? verdict.message : '';
    expect(message).not.toContain(token);
    for (const value of Object.values(headers)) expect(message).not.toContain(String(value));
    expect(message).not.toContain(hmacHex('sha256', token, body));
  });
});
