// A transparent HTTP proxy in front of the dev cluster that counts the requests passing through it,
// by method and resource path; watches are counted apart, since they are long-running streams.
import http from 'node:http';

/** `/api/v1/namespaces/bench/configmaps/cm-007` → `/api/v1/namespaces/{ns}/configmaps/{name}`. */
export function resourcePattern(pathname) {
  const segments = pathname.split('/');
  const base = segments[1] === 'api' ? 3 : segments[1] === 'apis' ? 4 : segments.length;
  const head = segments.slice(0, base);
  let rest = segments.slice(base);
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    head.push('namespaces', '{ns}');
    rest = rest.slice(2);
  }
  if (rest.length >= 2) rest = [rest[0], '{name}', ...rest.slice(2)];
  return [...head, ...rest].join('/');
}

function isWatch(url) {
  const watch = url.searchParams.get('watch');
  return watch === 'true' || watch === '1';
}

/** Starts the proxy on 127.0.0.1 (free port) forwarding everything to `upstreamUrl`. */
export async function startCountingProxy(upstreamUrl) {
  const upstream = new URL(upstreamUrl);
  const agent = new http.Agent({ keepAlive: true });
  let requests = new Map();
  let watches = new Map();
  const count = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, upstream);
    const dryRun = url.searchParams.has('dryRun') ? ' (dry-run)' : '';
    const key = `${req.method} ${resourcePattern(url.pathname)}${dryRun}`;
    count(isWatch(url) ? watches : requests, key);
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy: ${error.message}`);
    });
    res.on('close', () => {
      if (!res.writableFinished) forward.destroy();
    });
    req.pipe(forward);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();

  return {
    url: `http://127.0.0.1:${port}`,
    /** Forgets everything counted so far. */
    reset() {
      requests = new Map();
      watches = new Map();
    },
    /** What was counted since the last reset: totals and per `METHOD pattern`. */
    snapshot() {
      const sum = (map) => [...map.values()].reduce((a, b) => a + b, 0);
      return { total: sum(requests), watches: sum(watches), byRoute: new Map(requests), watchRoutes: new Map(watches) };
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      agent.destroy();
    },
  };
}
