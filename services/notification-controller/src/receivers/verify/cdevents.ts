import { z } from 'zod';
import { filterEvent, headerValue } from './headers.js';
import { parseJsonBody } from './json-body.js';
import { reconcile, type WebhookInput, type WebhookVerdict } from './verdict.js';

const nonEmpty = z.string().min(1);

/**
 * The required core of a CDEvent (spec v0.4): the context that identifies it and a subject.
 * Flux validates with the CDEvents SDK, which also knows every event type's subject content; this
 * checks the envelope only.
 */
const CDEventSchema = z.object({
  context: z.object({
    version: nonEmpty,
    id: nonEmpty,
    source: nonEmpty,
    type: z.string().regex(/^dev\.cdevents\.[\w-]+\.[\w-]+\./),
    timestamp: z.string().refine((value) => !Number.isNaN(Date.parse(value))),
  }),
  subject: z.object({
    id: nonEmpty,
    content: z.record(z.string(), z.unknown()).optional(),
  }),
});

/**
 * `cdevents`: the body must be a CDEvent. Like Flux, the `spec.events` filter matches the
 * CloudEvents `Ce-Type` header (binary mode); without that header, the event's own `context.type`.
 * CDEvents are not signed: the secret webhook path is the only authentication, as in Flux.
 */
export function verifyCDEvents(input: WebhookInput): WebhookVerdict {
  const payload = parseJsonBody(CDEventSchema, input.body, 'CDEvent');
  if (!payload.ok) return payload.verdict;
  const event = headerValue(input.headers, 'ce-type') ?? payload.value.context.type;
  return filterEvent('CDEvents', event, input.events) ?? reconcile();
}
