import type { KubeObject } from '../../types.js';
import { column, nameColumn, wide } from '../columns.js';
import { age } from '../duration.js';
import { fieldDocs } from '../field-docs.js';
import { at, count, fields, text } from '../object-fields.js';
import type { RowPrinter } from '../table-types.js';

/** An events.k8s.io/v1 Event in core/v1 shape, as the API server converts it before printing. */
function asCoreEvent(event: KubeObject): KubeObject {
  if (!event.apiVersion.startsWith('events.k8s.io/')) return event;
  return {
    ...event,
    involvedObject: event.regarding,
    message: event.note,
    source: event.deprecatedSource,
    firstTimestamp: event.deprecatedFirstTimestamp,
    lastTimestamp: event.deprecatedLastTimestamp,
    count: event.deprecatedCount,
    reportingComponent: event.reportingController,
  };
}

function eventSource(event: KubeObject): string {
  const component = text(at(event, 'source.component')) || text(event.reportingComponent);
  const host = text(at(event, 'source.host')) || text(event.reportingInstance);
  if (!component) return '';
  return host ? `${component}, ${host}` : component;
}

function eventCells(original: KubeObject, now: Date): unknown[] {
  const event = asCoreEvent(original);
  const firstSeen = text(event.firstTimestamp) ? age(event.firstTimestamp, now) : age(event.eventTime, now);
  let lastSeen = text(event.lastTimestamp) ? age(event.lastTimestamp, now) : firstSeen;
  let times = count(event.count);
  const series = fields(event.series);
  if (event.series) {
    lastSeen = age(series.lastObservedTime, now);
    times = count(series.count);
  } else if (times === 0) times = 1;
  const kind = text(at(event, 'involvedObject.kind')).toLowerCase();
  const name = text(at(event, 'involvedObject.name'));
  return [
    lastSeen,
    text(event.type),
    text(event.reason),
    name ? `${kind}/${name}` : kind,
    text(at(event, 'involvedObject.fieldPath')),
    eventSource(event),
    text(event.message).trim(),
    firstSeen,
    times,
    event.metadata.name,
  ];
}

export const eventPrinter: RowPrinter = {
  columns: [
    column('Last Seen', 'string', fieldDocs.eventLastTimestamp),
    column('Type', 'string', fieldDocs.eventType),
    column('Reason', 'string', fieldDocs.eventReason),
    column('Object', 'string', fieldDocs.eventInvolvedObject),
    wide('Subobject', 'string', fieldDocs.eventFieldPath),
    wide('Source', 'string', fieldDocs.eventSource),
    column('Message', 'string', fieldDocs.eventMessage),
    wide('First Seen', 'string', fieldDocs.eventFirstTimestamp),
    wide('Count', 'string', fieldDocs.eventCount),
    { ...nameColumn, priority: 1 },
  ],
  cells: eventCells,
};
