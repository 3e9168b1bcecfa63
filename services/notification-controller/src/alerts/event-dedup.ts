import { createHash } from 'node:crypto';
import type { FluxEvent } from '@driftless/api';

/**
 * Remembers the events sent in the last `windowMs` so that an identical one (same object, severity,
 * reason, message and metadata; the timestamp does not count) is sent once, as Flux's rate limit does.
 * The stream sequence is kept with each key: a redelivery of the same stream event is not a duplicate.
 */
export class EventDedupWindow {
  readonly #sent = new Map<string, { seq: number; until: number }>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when an identical event (another stream message) was sent inside the window. */
  isDuplicate(event: FluxEvent, seq: number): boolean {
    if (this.windowMs <= 0) return false;
    const entry = this.#sent.get(eventKey(event));
    return entry !== undefined && entry.seq !== seq && entry.until > this.now();
  }

  recordSent(event: FluxEvent, seq: number): void {
    if (this.windowMs <= 0) return;
    const now = this.now();
    if (this.#sent.size > 10_000) {
      for (const [key, entry] of this.#sent) if (entry.until <= now) this.#sent.delete(key);
    }
    this.#sent.set(eventKey(event), { seq, until: now + this.windowMs });
  }
}

export function eventKey(event: FluxEvent): string {
  const { kind, namespace, name, uid } = event.involvedObject;
  const metadata = Object.entries(event.metadata ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256')
    .update(JSON.stringify([kind, namespace, name, uid ?? '', event.severity, event.reason, event.message, metadata]))
    .digest('hex');
}
