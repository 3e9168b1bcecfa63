// Dev cluster benchmarks: writes per second and watch fan-out (10,000 objects, 20 watchers).
// Each figure is printed with a ratio against a baseline measured in the same run, because
// this machine is shared and noisy: a bare fastify server on the same HTTP stack for writes,
// and the same writes with no watcher for fan-out.
import http from 'node:http';
import Fastify from 'fastify';
import { startDevCluster } from '../dist/index.js';

const objects = Number(process.env.BENCH_OBJECTS ?? 10_000);
const watchers = Number(process.env.BENCH_WATCHERS ?? 20);
const concurrency = 32;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

function post(url, body) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { 'Content-Type': 'application/json' } },
      (response) => {
        response.resume();
        response.on('end', () =>
          response.statusCode < 300 ? resolve() : reject(new Error(`HTTP ${response.statusCode}`)),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function writeAll(url, count, namespace) {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await post(
        url,
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: `cm-${i}`, namespace, labels: { bench: 'yes' } },
          data: { index: String(i) },
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (performance.now() - started) / 1000;
}

async function baselineWrites(count) {
  const app = Fastify();
  app.post('/echo', async (request) => ({
    ...request.body,
    metadata: { ...request.body.metadata, resourceVersion: '1' },
  }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const seconds = await writeAll(`http://127.0.0.1:${app.server.address().port}/echo`, count, 'default');
  await app.close();
  return seconds;
}

async function createNamespace(cluster, name) {
  await post(
    `${cluster.url}/api/v1/namespaces`,
    JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }),
  );
}

function watch(cluster, namespace, expected) {
  return new Promise((resolve, reject) => {
    let seen = 0;
    let buffer = '';
    const request = http.get(
      `${cluster.url}/api/v1/namespaces/${namespace}/configmaps?watch=true&resourceVersion=${cluster.rv}`,
      (response) => {
        response.setEncoding('utf8');
        response.on('data', (chunk) => {
          buffer += chunk;
          let index = buffer.indexOf('\n');
          while (index >= 0) {
            buffer = buffer.slice(index + 1);
            seen++;
            index = buffer.indexOf('\n');
          }
          if (seen >= expected) {
            resolve(performance.now());
            request.destroy();
          }
        });
      },
    );
    request.on('error', (error) => (seen >= expected ? undefined : reject(error)));
  });
}

async function currentRevision(cluster, namespace) {
  const response = await fetch(`${cluster.url}/api/v1/namespaces/${namespace}/configmaps?limit=1`);
  return (await response.json()).metadata.resourceVersion;
}

async function fanOut(cluster, namespace, watcherCount) {
  await createNamespace(cluster, namespace);
  cluster.rv = await currentRevision(cluster, namespace);
  const done = Array.from({ length: watcherCount }, () => watch(cluster, namespace, objects));
  await new Promise((resolve) => setTimeout(resolve, 200));
  const started = performance.now();
  await writeAll(`${cluster.url}/api/v1/namespaces/${namespace}/configmaps`, objects, namespace);
  const finished = watcherCount ? Math.max(...(await Promise.all(done))) : performance.now();
  return (finished - started) / 1000;
}

const cluster = await startDevCluster({ workloadDelayMs: 1000 });
try {
  const baselineSeconds = await baselineWrites(objects);
  await createNamespace(cluster, 'writes');
  const writeSeconds = await writeAll(`${cluster.url}/api/v1/namespaces/writes/configmaps`, objects, 'writes');
  const quietSeconds = await fanOut(cluster, 'quiet', 0);
  const fanSeconds = await fanOut(cluster, 'fanout', watchers);
  const rate = (seconds) => Math.round(objects / seconds);
  const rows = [
    ['baseline: bare fastify POST', `${rate(baselineSeconds)} req/s`, '1.00'],
    ['dev cluster: create ConfigMap', `${rate(writeSeconds)} writes/s`, (baselineSeconds / writeSeconds).toFixed(2)],
    ['baseline: writes, no watcher', `${rate(quietSeconds)} writes/s`, '1.00'],
    [
      `fan-out: writes, ${watchers} watchers all caught up`,
      `${rate(fanSeconds)} writes/s, ${Math.round((objects * watchers) / fanSeconds)} events/s`,
      (quietSeconds / fanSeconds).toFixed(2),
    ],
  ];
  console.log(`dev cluster benchmark (${objects} objects, ${watchers} watchers, ${concurrency} concurrent clients)`);
  console.log('| what | figure | ratio to baseline |');
  console.log('|---|---|---|');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
} finally {
  agent.destroy();
  await cluster.stop();
}
