import type { FluxEvent } from '@driftless/api';
import { type Bus, BusConnectionError, type EventSubjectParts } from '@driftless/bus';
import { parseDuration } from '@driftless/runtime';
import type { CliIo } from '../../context/cli-io.js';
import { type ConnectionFlags, connectBusFor, resolveConnection } from '../../context/connection.js';
import { ExitCode } from '../../exit-code.js';
import { colorEnabled, painter } from '../../output/colors.js';
import { type EventOutput, eventHeader, formatEvent } from './event-format.js';
import { readEvents } from './event-stream.js';
import { canonicalKind, errorMessage, isStreamNotFound } from './ops-support.js';

export interface EventsFlags extends ConnectionFlags {
  for?: string;
  namespace?: string;
  allNamespaces?: boolean;
  kind?: string;
  controller?: string;
  severity?: string;
  since?: string;
  all?: boolean;
  output?: EventOutput;
  /** commander turns `--no-follow` into `follow: false`. */
  follow?: boolean;
}

interface EventsQuery {
  filter: Partial<EventSubjectParts>;
  since?: Date;
  severity?: string;
}

const defaultSince = '10m';

export async function runEvents(flags: EventsFlags, io: CliIo): Promise<ExitCode> {
  const query = eventsQuery(flags);
  if (typeof query === 'string') {
    io.stderr.write(`driftless events: ${query}\n`);
    return ExitCode.usage;
  }
  const connection = resolveConnection(flags, io.env, io.cwd);
  let bus: Bus;
  try {
    bus = await connectBusFor(connection);
  } catch (error) {
    if (!(error instanceof BusConnectionError)) throw error;
    io.stderr.write(`driftless events: ${error.message}\n`);
    return ExitCode.unreachable;
  }
  try {
    return await printEvents(bus, query, flags, io);
  } finally {
    await bus.close();
  }
}

async function printEvents(bus: Bus, query: EventsQuery, flags: EventsFlags, io: CliIo): Promise<ExitCode> {
  const output = flags.output ?? 'table';
  const paint = painter(colorEnabled(io.stdout, io.env));
  let count = 0;
  const print = (event: FluxEvent) => {
    if (query.severity && event.severity !== query.severity) return;
    if (count === 0 && output === 'table') io.stdout.write(eventHeader());
    count += 1;
    io.stdout.write(formatEvent(event, output, paint));
  };
  const follow = flags.follow !== false;
  try {
    await readEvents(bus, { filter: query.filter, since: query.since, follow, signal: io.signal }, print);
  } catch (error) {
    if (isStreamNotFound(error)) {
      io.stderr.write(`driftless events: NATS has no stream ${bus.prefix}-events (no controller has run yet?)\n`);
      return ExitCode.notFound;
    }
    io.stderr.write(`driftless events: cannot read events: ${errorMessage(error)}\n`);
    return ExitCode.failure;
  }
  if (count === 0 && !follow) io.stderr.write('no events found\n');
  return ExitCode.ok;
}

/** The subject filter and start time the flags ask for, or a usage error. */
function eventsQuery(flags: EventsFlags): EventsQuery | string {
  let kind = flags.kind === undefined ? undefined : canonicalKind(flags.kind);
  let name: string | undefined;
  if (flags.for !== undefined) {
    const slash = flags.for.indexOf('/');
    if (slash <= 0 || slash === flags.for.length - 1) return `--for wants Kind/name, got "${flags.for}"`;
    const forKind = canonicalKind(flags.for.slice(0, slash));
    if (kind !== undefined && kind !== forKind) return `--kind ${kind} contradicts --for ${flags.for}`;
    kind = forKind;
    name = flags.for.slice(slash + 1);
  }
  if (flags.severity !== undefined && flags.severity !== 'info' && flags.severity !== 'error') {
    return `--severity must be info or error, got "${flags.severity}"`;
  }
  if (flags.all && flags.since !== undefined) return 'use either --since or --all';
  let since: Date | undefined;
  if (!flags.all) {
    try {
      since = new Date(Date.now() - parseDuration(flags.since ?? defaultSince));
    } catch (error) {
      return `--since: ${errorMessage(error)}`;
    }
  }
  const namespace = flags.allNamespaces ? undefined : (flags.namespace ?? 'default');
  const filter: Partial<EventSubjectParts> = {};
  if (flags.controller !== undefined) filter.controller = flags.controller;
  if (kind !== undefined) filter.kind = kind;
  if (namespace !== undefined) filter.namespace = namespace;
  if (name !== undefined) filter.name = name;
  return { filter, since, severity: flags.severity };
}
