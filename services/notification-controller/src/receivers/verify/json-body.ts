import type { z } from 'zod';
import { reject, type WebhookVerdict } from './verdict.js';

export type JsonBodyResult<T> = { ok: true; value: T } | { ok: false; verdict: WebhookVerdict };

/**
 * Parses the body as JSON and checks it against `schema`. A failure is a 400 naming the first bad
 * field; the body itself never goes into the message.
 */
export function parseJsonBody<T>(schema: z.ZodType<T>, body: Buffer, payload: string): JsonBodyResult<T> {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return { ok: false, verdict: reject(400, `the body is not valid JSON (expected a ${payload})`) };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'the body';
  return { ok: false, verdict: reject(400, `the body is not a ${payload}: ${where} is missing or invalid`) };
}
