import { describe, expect, it } from 'vitest';
import { hmacHex, tampered, webhookFixture } from '../../../test/fixtures/webhooks/webhook-fixtures.js';
import { verifyWebhook, type WebhookHeaders, type WebhookVerdict } from './index.js';

const token = 'github-token';
const push = webhookFixture('github-push.json');
const ping = webhookFixture('github-ping.json');
const json = { 'content-type': 'application/json' };
const sha256 = (body: Buffer, key = token) => `sha256=${hmacHex('sha256', key, body)}`;
const sha1 = (body: Buffer, key = token) => `sha1=${hmacHex('sha1', key, body)}`;

interface Case {
  case: string;
  headers: WebhookHeaders;
  body?: Buffer;
  events?: string[];
  expected: WebhookVerdict['outcome'];
  status?: number;
}

const reconcile = (c: Omit<Case, 'expected'>): Case => ({ ...c, expected: 'reconcile' });
const ignored = (c: Omit<Case, 'expected'>): Case => ({ ...c, expected: 'ignore', status: 200 });
const rejected = (status: number, c: Omit<Case, 'expected'>): Case => ({ ...c, expected: 'reject', status });

describe('github receiver', () => {
  it.each<Case>([
    reconcile({ case: 'valid X-Hub-Signature-256', headers: { ...json, 'x-hub-signature-256': sha256(push) } }),
    reconcile({ case: 'valid legacy X-Hub-Signature (sha1)', headers: { ...json, 'x-hub-signature': sha1(push) } }),
    reconcile({
      case: 'push listed in events',
      headers: { ...json, 'x-hub-signature-256': sha256(push), 'x-github-event': 'push' },
      events: ['ping', 'push'],
    }),
    reconcile({
      case: 'events compared without case',
      headers: { ...json, 'x-hub-signature-256': sha256(push), 'x-github-event': 'push' },
      events: ['PUSH'],
    }),
    reconcile({
      case: 'form-encoded delivery',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-hub-signature-256': sha256(push) },
    }),
    reconcile({
      case: 'JSON with a charset',
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-hub-signature-256': sha256(push) },
    }),
    ignored({
      case: 'event not in spec.events',
      headers: { ...json, 'x-hub-signature-256': sha256(push), 'x-github-event': 'issues' },
      events: ['push'],
    }),
    ignored({
      case: 'no event header while events are given',
      headers: { ...json, 'x-hub-signature-256': sha256(push) },
      events: ['push'],
    }),
    ignored({
      case: 'ping',
      headers: { ...json, 'x-hub-signature-256': sha256(ping), 'x-github-event': 'ping' },
      body: ping,
    }),
    ignored({
      case: 'ping even when listed in events',
      headers: { ...json, 'x-hub-signature-256': sha256(ping), 'x-github-event': 'ping' },
      body: ping,
      events: ['ping', 'push'],
    }),
    rejected(401, { case: 'missing signature', headers: { ...json, 'x-github-event': 'push' } }),
    rejected(401, {
      case: 'signed with another token',
      headers: { ...json, 'x-hub-signature-256': sha256(push, 'other-token') },
    }),
    rejected(401, {
      case: 'tampered body',
      headers: { ...json, 'x-hub-signature-256': sha256(push) },
      body: tampered(push),
    }),
    rejected(401, {
      case: 'ping with a bad signature',
      headers: { ...json, 'x-hub-signature-256': sha256(ping, 'other-token'), 'x-github-event': 'ping' },
      body: ping,
    }),
    rejected(401, {
      case: 'sha1 value in the sha256 header',
      headers: { ...json, 'x-hub-signature-256': sha1(push) },
    }),
    rejected(401, {
      case: 'wrong sha256 header even with a valid sha1 one',
      headers: { ...json, 'x-hub-signature-256': sha256(push, 'other-token'), 'x-hub-signature': sha1(push) },
    }),
    rejected(401, {
      case: 'bare hex without prefix',
      headers: { ...json, 'x-hub-signature-256': hmacHex('sha256', token, push) },
    }),
    rejected(400, {
      case: 'unsupported content type',
      headers: { 'content-type': 'text/plain', 'x-hub-signature-256': sha256(push) },
    }),
    rejected(400, { case: 'no content type', headers: { 'x-hub-signature-256': sha256(push) } }),
  ])('$case → $expected', ({ headers, body = push, events = [], expected, status }) => {
    const verdict = verifyWebhook({ type: 'github', token, events, headers, body });
    expect(verdict.outcome).toBe(expected);
    if (verdict.outcome !== 'reconcile') expect(verdict.status).toBe(status);
  });

  it('names the filtered event in the message', () => {
    const verdict = verifyWebhook({
      type: 'github',
      token,
      events: ['push'],
      headers: { ...json, 'x-hub-signature-256': sha256(push), 'x-github-event': 'issues' },
      body: push,
    });
    expect(verdict).toEqual({ outcome: 'ignore', status: 200, message: 'GitHub event "issues" is not in spec.events' });
  });
});

describe('gitea receiver', () => {
  it.each<Case>([
    reconcile({
      case: 'valid X-Gitea-Signature (bare hex)',
      headers: { ...json, 'x-gitea-signature': hmacHex('sha256', token, push) },
    }),
    reconcile({ case: 'valid X-Hub-Signature-256', headers: { ...json, 'x-hub-signature-256': sha256(push) } }),
    reconcile({
      case: 'X-Gitea-Event listed in events',
      headers: { ...json, 'x-gitea-signature': hmacHex('sha256', token, push), 'x-gitea-event': 'push' },
      events: ['push'],
    }),
    reconcile({
      case: 'X-GitHub-Event used when X-Gitea-Event is absent',
      headers: { ...json, 'x-gitea-signature': hmacHex('sha256', token, push), 'x-github-event': 'push' },
      events: ['push'],
    }),
    ignored({
      case: 'X-Gitea-Event not in spec.events',
      headers: { ...json, 'x-gitea-signature': hmacHex('sha256', token, push), 'x-gitea-event': 'create' },
      events: ['push'],
    }),
    rejected(401, { case: 'missing signature', headers: { ...json, 'x-gitea-event': 'push' } }),
    rejected(401, {
      case: 'X-Gitea-Signature from another token',
      headers: { ...json, 'x-gitea-signature': hmacHex('sha256', 'other-token', push) },
    }),
    rejected(401, {
      case: 'tampered body',
      headers: { ...json, 'x-gitea-signature': hmacHex('sha256', token, push) },
      body: tampered(push),
    }),
    rejected(401, {
      case: 'X-Gitea-Signature with a prefix',
      headers: { ...json, 'x-gitea-signature': sha256(push) },
    }),
  ])('$case → $expected', ({ headers, body = push, events = [], expected, status }) => {
    const verdict = verifyWebhook({ type: 'gitea', token, events, headers, body });
    expect(verdict.outcome).toBe(expected);
    if (verdict.outcome !== 'reconcile') expect(verdict.status).toBe(status);
  });
});
