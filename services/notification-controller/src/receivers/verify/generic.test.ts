import { describe, expect, it } from 'vitest';
import { hmacHex, tampered, webhookFixture } from '../../../test/fixtures/webhooks/webhook-fixtures.js';
import { verifyWebhook, type WebhookHeaders } from './index.js';

const token = 'generic-token';
const body = webhookFixture('github-push.json');

describe('generic receiver', () => {
  it.each([
    { case: 'no headers, a JSON body', headers: {}, body },
    { case: 'no body at all', headers: {}, body: Buffer.alloc(0) },
    { case: 'a stray signature', headers: { 'x-signature': 'sha1=00' }, body },
  ])('reconciles on $case', ({ headers, body }) => {
    expect(verifyWebhook({ type: 'generic', token, events: ['push'], headers, body })).toEqual({
      outcome: 'reconcile',
    });
  });
});

describe('generic-hmac receiver', () => {
  const verify = (headers: WebhookHeaders, payload = body) =>
    verifyWebhook({ type: 'generic-hmac', token, events: [], headers, body: payload });

  it.each(['sha1', 'sha256', 'sha512'] as const)('reconciles on a valid %s X-Signature', (algorithm) => {
    expect(verify({ 'x-signature': `${algorithm}=${hmacHex(algorithm, token, body)}` })).toEqual({
      outcome: 'reconcile',
    });
  });

  it.each([
    { case: 'missing header', headers: {}, payload: body, message: /X-Signature header is missing/ },
    {
      case: 'signed with another token',
      headers: { 'x-signature': `sha256=${hmacHex('sha256', 'other-token', body)}` },
      payload: body,
      message: /does not match the body/,
    },
    {
      case: 'tampered body',
      headers: { 'x-signature': `sha256=${hmacHex('sha256', token, body)}` },
      payload: tampered(body),
      message: /does not match the body/,
    },
    {
      case: 'no algorithm prefix',
      headers: { 'x-signature': hmacHex('sha256', token, body) },
      payload: body,
      message: /malformed/,
    },
    {
      case: 'unsupported algorithm',
      headers: { 'x-signature': `md5=${hmacHex('sha256', token, body)}` },
      payload: body,
      message: /malformed/,
    },
    {
      case: 'prefix and digest disagree',
      headers: { 'x-signature': `sha512=${hmacHex('sha256', token, body)}` },
      payload: body,
      message: /malformed/,
    },
    {
      case: 'repeated header',
      headers: { 'x-signature': [`sha1=${hmacHex('sha1', token, body)}`, `sha1=${hmacHex('sha1', token, body)}`] },
      payload: body,
      message: /malformed/,
    },
  ])('rejects with 401 on $case', ({ headers, payload, message }) => {
    const verdict = verify(headers, payload);
    expect(verdict).toMatchObject({ outcome: 'reject', status: 401 });
    expect(verdict.outcome === 'reject' && verdict.message).toMatch(message);
  });
});
