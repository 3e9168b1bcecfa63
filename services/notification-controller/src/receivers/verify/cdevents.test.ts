import { describe, expect, it } from 'vitest';
import { webhookFixture } from '../../../test/fixtures/webhooks/webhook-fixtures.js';
import { verifyWebhook, type WebhookHeaders, type WebhookVerdict } from './index.js';

const token = 'cdevents-token';
const merged = webhookFixture('cdevent-change-merged.json');
const eventType = 'dev.cdevents.change.merged.0.2.0';

const edited = (edit: (event: any) => void): Buffer => {
  const event = JSON.parse(merged.toString('utf8'));
  edit(event);
  return Buffer.from(JSON.stringify(event));
};

describe('cdevents receiver', () => {
  it.each<{
    case: string;
    headers?: WebhookHeaders;
    body?: Buffer;
    events?: string[];
    expected: WebhookVerdict['outcome'];
    status?: number;
  }>([
    { case: 'a CDEvent, no filter', expected: 'reconcile' },
    {
      case: 'Ce-Type listed in events',
      headers: { 'ce-type': eventType },
      events: [eventType],
      expected: 'reconcile',
    },
    {
      case: 'Ce-Type is what is filtered, not context.type',
      headers: { 'ce-type': 'cd.change.merged.v1' },
      events: ['cd.change.merged.v1'],
      expected: 'reconcile',
    },
    {
      case: 'context.type listed in events when there is no Ce-Type',
      events: [eventType.toUpperCase()],
      expected: 'reconcile',
    },
    {
      case: 'Ce-Type not in events',
      headers: { 'ce-type': eventType },
      events: ['dev.cdevents.environment.modified.0.2.0'],
      expected: 'ignore',
      status: 200,
    },
    {
      case: 'context.type not in events',
      events: ['dev.cdevents.pipelinerun.finished.0.2.0'],
      expected: 'ignore',
      status: 200,
    },
    { case: 'a body that is not JSON', body: Buffer.from('change merged'), expected: 'reject', status: 400 },
    { case: 'a JSON array', body: Buffer.from('[]'), expected: 'reject', status: 400 },
    {
      case: 'no context.id',
      body: edited((e) => delete e.context.id),
      expected: 'reject',
      status: 400,
    },
    {
      case: 'a type outside dev.cdevents',
      body: edited((e) => {
        e.context.type = 'com.example.push';
      }),
      expected: 'reject',
      status: 400,
    },
    {
      case: 'a timestamp that is not a date',
      body: edited((e) => {
        e.context.timestamp = 'yesterday';
      }),
      expected: 'reject',
      status: 400,
    },
    { case: 'no subject', body: edited((e) => delete e.subject), expected: 'reject', status: 400 },
    {
      case: 'an invalid body even when the event is filtered out',
      body: Buffer.from('{}'),
      headers: { 'ce-type': 'something.else' },
      events: [eventType],
      expected: 'reject',
      status: 400,
    },
  ])('$case → $expected', ({ headers = {}, body = merged, events = [], expected, status }) => {
    const verdict = verifyWebhook({ type: 'cdevents', token, events, headers, body });
    expect(verdict.outcome).toBe(expected);
    if (verdict.outcome !== 'reconcile') expect(verdict.status).toBe(status);
  });
});
