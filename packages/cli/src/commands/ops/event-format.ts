import type { FluxEvent } from '@driftless/api';
import { stringify } from 'yaml';
import type { Paint } from '../../output/colors.js';

export const EventOutput = { table: 'table', json: 'json', yaml: 'yaml' } as const;
export type EventOutput = (typeof EventOutput)[keyof typeof EventOutput];

/** Events arrive one by one, so the columns have fixed minimum widths instead of measured ones. */
const widths = { time: 20, severity: 8, object: 40, reason: 26 } as const;

export function eventHeader(): string {
  return `${row('TIME', 'SEVERITY', 'OBJECT', 'REASON', 'MESSAGE')}\n`;
}

/** One event as a line (table), a JSON line (NDJSON) or a YAML document. */
export function formatEvent(event: FluxEvent, output: EventOutput, paint: Paint): string {
  if (output === EventOutput.json) return `${JSON.stringify(event)}\n`;
  if (output === EventOutput.yaml) return `---\n${stringify(event)}`;
  const { kind, namespace, name } = event.involvedObject;
  const severity = event.severity.padEnd(widths.severity);
  const line = row(
    event.timestamp,
    event.severity === 'error' ? paint('red', severity) : severity,
    `${kind}/${namespace}/${name}`,
    event.reason,
    event.message.replace(/\s*\n\s*/g, ' '),
  );
  return `${line}\n`;
}

function row(time: string, severity: string, object: string, reason: string, message: string): string {
  return [
    time.padEnd(widths.time),
    severity.padEnd(widths.severity),
    object.padEnd(widths.object),
    reason.padEnd(widths.reason),
    message,
  ].join('  ');
}
