import type { z } from 'zod';
import type { Bus } from './connect.js';
import { MessageValidationError } from './errors.js';
import { MessageDirection, type MessageKind } from './hooks.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Parses and validates JSON `data`; throws MessageValidationError. */
export function parseMessage<S extends z.ZodType>(schema: S, subject: string, data: Uint8Array): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(data));
  } catch (err) {
    throw new MessageValidationError(subject, 'not valid JSON', { cause: err });
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new MessageValidationError(subject, issues, { cause: result.error });
  }
  return result.data;
}

/**
 * Parses a received message and counts it; a malformed one is logged (warn), counted as dropped
 * and returned as undefined so that no receive loop ever throws on bad input.
 */
export function receiveMessage<S extends z.ZodType>(
  bus: Bus,
  kind: MessageKind,
  schema: S,
  subject: string,
  data: Uint8Array,
): z.output<S> | undefined {
  try {
    const value = parseMessage(schema, subject, data);
    bus.onMessage(MessageDirection.Received, kind);
    return value;
  } catch (err) {
    dropMessage(bus, kind, subject, err);
    return undefined;
  }
}

export function dropMessage(bus: Bus, kind: MessageKind, subject: string, err: unknown): void {
  bus.logger.warn({ subject, kind, err }, 'dropping malformed NATS message');
  bus.onMessage(MessageDirection.Dropped, kind);
}

/** Validates an outgoing message (a caller bug if it fails) and encodes it as JSON. */
export function encodeMessage<S extends z.ZodType>(schema: S, subject: string, value: z.input<S>): Uint8Array {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new MessageValidationError(subject, issues, { cause: result.error });
  }
  return new TextEncoder().encode(JSON.stringify(result.data));
}
