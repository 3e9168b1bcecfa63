import type { FluxEvent } from '@driftless/api';
import { describe, expect, it } from 'vitest';
import { EventDedupWindow } from './event-dedup.js';

const event = (message: string, timestamp = '2025-03-01T10:00:00Z'): FluxEvent => ({
  involvedObject: { kind: 'Kustomization', namespace: 'apps', name: 'web' },
  severity: 'error',
  timestamp,
  message,
  reason: 'BuildFailed',
  reportingController: 'kustomize-controller',
});

describe('EventDedupWindow', () => {
  it('sends an identical event once inside the window, whatever its timestamp', () => {
    let now = 0;
    const window = new EventDedupWindow(60_000, () => now);
    window.recordSent(event('failed'), 1);
    expect(window.isDuplicate(event('failed', '2025-03-01T10:00:30Z'), 2)).toBe(true);
    expect(window.isDuplicate(event('failed differently'), 3)).toBe(false);
    now = 60_001;
    expect(window.isDuplicate(event('failed'), 4)).toBe(false);
  });

  it('never takes a redelivery of the same stream event for a duplicate', () => {
    const window = new EventDedupWindow(60_000);
    window.recordSent(event('failed'), 7);
    expect(window.isDuplicate(event('failed'), 7)).toBe(false);
  });

  it('is off with a zero window', () => {
    const window = new EventDedupWindow(0);
    window.recordSent(event('failed'), 1);
    expect(window.isDuplicate(event('failed'), 2)).toBe(false);
  });
});
