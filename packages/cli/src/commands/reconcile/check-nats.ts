import { BucketName, type Bus, bucketName, deadLettersStreamName, eventsStreamName } from '@driftless/bus';
import { type Connection, connectBusFor } from '../../context/connection.js';
import type { CheckReporter } from './check-reporter.js';
import { redactUrl } from './reconcile-notifier.js';

/** NATS answers, with JetStream, and the streams and KV buckets the controllers create on start exist. */
export async function checkNats(report: CheckReporter, connection: Connection): Promise<void> {
  report.section('checking NATS');
  const url = redactUrl(connection.natsEnv.NATS_URL);
  let bus: Bus;
  try {
    bus = await connectBusFor(connection);
  } catch (error) {
    const detail = (error as Error).message;
    report.result(false, `NATS cannot be reached: ${detail.includes(url) ? detail : `${url}: ${detail}`}`);
    return;
  }
  try {
    const version = bus.nc.info?.version;
    report.result(true, `NATS ${version ? `v${version} ` : ''}at ${url} (prefix ${bus.prefix})`);
    await checkStreams(report, bus);
  } finally {
    await bus.close().catch(() => undefined);
  }
}

async function checkStreams(report: CheckReporter, bus: Bus): Promise<void> {
  const wanted = [
    { label: 'stream', name: eventsStreamName(bus.prefix), stream: eventsStreamName(bus.prefix) },
    { label: 'stream', name: deadLettersStreamName(bus.prefix), stream: deadLettersStreamName(bus.prefix) },
    ...Object.values(BucketName).map((bucket) => {
      const name = bucketName(bus.prefix, bucket);
      return { label: 'KV bucket', name, stream: `KV_${name}` };
    }),
  ];
  let jsm: Awaited<ReturnType<Bus['jsm']>>;
  try {
    jsm = await bus.jsm();
  } catch (error) {
    report.result(false, `JetStream is not available: ${(error as Error).message}`);
    return;
  }
  for (const { label, name, stream } of wanted) {
    try {
      await jsm.streams.info(stream);
      report.result(true, `${label} ${name}`);
    } catch {
      report.result(false, `${label} ${name} is missing (the controllers create it when they start)`);
    }
  }
}
