import { describe, expect, it } from 'vitest';
import { webhookFixture } from '../../../test/fixtures/webhooks/webhook-fixtures.js';
import { verifyWebhook, type WebhookHeaders, type WebhookVerdict } from './index.js';

const token = 'gitlab-token';
const push = webhookFixture('gitlab-push.json');

describe('gitlab receiver', () => {
  it.each<{
    case: string;
    headers: WebhookHeaders;
    events?: string[];
    expected: WebhookVerdict['outcome'];
    status?: number;
  }>([
    { case: 'matching X-Gitlab-Token', headers: { 'x-gitlab-token': token }, expected: 'reconcile' },
    {
      case: 'event listed in events',
      headers: { 'x-gitlab-token': token, 'x-gitlab-event': 'Push Hook' },
      events: ['Push Hook', 'Tag Push Hook'],
      expected: 'reconcile',
    },
    {
      case: 'events compared without case',
      headers: { 'x-gitlab-token': token, 'x-gitlab-event': 'Push Hook' },
      events: ['push hook'],
      expected: 'reconcile',
    },
    {
      case: 'event not in events',
      headers: { 'x-gitlab-token': token, 'x-gitlab-event': 'Merge Request Hook' },
      events: ['Push Hook'],
      expected: 'ignore',
      status: 200,
    },
    { case: 'missing X-Gitlab-Token', headers: { 'x-gitlab-event': 'Push Hook' }, expected: 'reject', status: 401 },
    { case: 'wrong token', headers: { 'x-gitlab-token': 'gitlab-tokem' }, expected: 'reject', status: 401 },
    { case: 'token prefix only', headers: { 'x-gitlab-token': 'gitlab' }, expected: 'reject', status: 401 },
    {
      case: 'wrong token for a filtered event',
      headers: { 'x-gitlab-token': 'nope', 'x-gitlab-event': 'Merge Request Hook' },
      events: ['Push Hook'],
      expected: 'reject',
      status: 401,
    },
  ])('$case → $expected', ({ headers, events = [], expected, status }) => {
    const verdict = verifyWebhook({ type: 'gitlab', token, events, headers, body: push });
    expect(verdict.outcome).toBe(expected);
    if (verdict.outcome !== 'reconcile') expect(verdict.status).toBe(status);
  });
});
