import { chatNotifiers } from './chat/index.js';
import { commitStatusNotifiers } from './commit-status/index.js';
import type { Notifier } from './notifier.js';
import { opsNotifiers } from './ops/index.js';

/** Every provider type Driftless can send to, by `spec.type`. */
export function notifierRegistry(): ReadonlyMap<string, Notifier> {
  const registry = new Map<string, Notifier>();
  for (const notifier of [...chatNotifiers, ...opsNotifiers, ...commitStatusNotifiers]) {
    if (registry.has(notifier.type)) throw new Error(`two notifiers for provider type ${notifier.type}`);
    registry.set(notifier.type, notifier);
  }
  return registry;
}
