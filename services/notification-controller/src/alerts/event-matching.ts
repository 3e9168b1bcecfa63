import type { Alert, FluxEvent } from '@driftless/api';
import { matchesGlob } from './glob.js';

export type AlertObject = Alert & { metadata: { namespace: string; name: string } };

/** The labels of the object an event is about (read from the cluster), for `matchLabels`. */
export type LabelLookup = (event: FluxEvent) => Promise<Record<string, string> | undefined>;

export class InvalidAlertError extends Error {
  override readonly name = 'InvalidAlertError';
}

/**
 * Whether the Alert wants the event: not suspended, severity high enough, one of its eventSources
 * names the object (kind, namespace, name with `*`, matchLabels), and the message passes the
 * inclusion and exclusion lists. Throws InvalidAlertError for a regular expression that does not compile.
 */
export async function alertMatches(alert: AlertObject, event: FluxEvent, labelsOf: LabelLookup): Promise<boolean> {
  if (alert.spec.suspend) return false;
  if ((alert.spec.eventSeverity ?? 'info') === 'error' && event.severity !== 'error') return false;
  if (!passesMessageFilters(alert, event.message)) return false;
  const { kind, namespace, name } = event.involvedObject;
  for (const source of alert.spec.eventSources) {
    if (source.kind !== kind) continue;
    if (!matchesGlob(source.namespace ?? alert.metadata.namespace, namespace)) continue;
    if (!matchesGlob(source.name, name)) continue;
    if (source.matchLabels && Object.keys(source.matchLabels).length > 0) {
      const labels = await labelsOf(event);
      if (!labels || !Object.entries(source.matchLabels).every(([key, value]) => labels[key] === value)) continue;
    }
    return true;
  }
  return false;
}

function passesMessageFilters(alert: AlertObject, message: string): boolean {
  const include = (alert.spec.inclusionList ?? []).map((source) => compile(alert, source));
  const exclude = (alert.spec.exclusionList ?? []).map((source) => compile(alert, source));
  if (include.length > 0 && !include.some((pattern) => pattern.test(message))) return false;
  return !exclude.some((pattern) => pattern.test(message));
}

const compiled = new Map<string, RegExp>();

function compile(alert: AlertObject, source: string): RegExp {
  let pattern = compiled.get(source);
  if (pattern) return pattern;
  try {
    pattern = new RegExp(source);
  } catch (err) {
    throw new InvalidAlertError(
      `Alert ${alert.metadata.namespace}/${alert.metadata.name} has an invalid regular expression ${JSON.stringify(source)}`,
      { cause: err },
    );
  }
  if (compiled.size > 1_000) compiled.clear();
  compiled.set(source, pattern);
  return pattern;
}

/**
 * The event as the Alert's Providers see it: the Alert's eventMetadata added (the event's own keys
 * win) and its summary as `summary`, as Flux does.
 */
export function eventForAlert(alert: AlertObject, event: FluxEvent): FluxEvent {
  const extra = alert.spec.eventMetadata ?? {};
  if (Object.keys(extra).length === 0 && !alert.spec.summary) return event;
  const metadata: Record<string, string> = { ...extra, ...(event.metadata ?? {}) };
  if (alert.spec.summary) metadata.summary = alert.spec.summary;
  return { ...event, metadata };
}
