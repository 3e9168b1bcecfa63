#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { defaultDevClusterOptions, startDevCluster } from './dev-cluster.js';
import { faultOptionsFromEnv } from './faults/fault-options.js';

const usage = `usage: driftless-devcluster start [options]

  --port N            port to listen on (default 6443; 0 picks a free one)
  --host ADDR         address to listen on (default 127.0.0.1)
  --advertise-host H  host name written into the kubeconfig (default: --host)
  --kubeconfig PATH   where to write the kubeconfig (default .driftless/kubeconfig)
  --data-dir DIR      keep objects across restarts (default: in memory)
  --token TOKEN       require this bearer token (user "admin", group system:masters)
  --rbac              authorize requests with Roles, ClusterRoles and their bindings
  --workload-delay MS delay before simulated workloads report status (default 100)

Faults come from DEVCLUSTER_LATENCY_MS, DEVCLUSTER_ERROR_RATE, DEVCLUSTER_THROTTLE_RATE,
DEVCLUSTER_RETRY_AFTER_SECONDS, DEVCLUSTER_DROP_WATCH_RATE, DEVCLUSTER_DROP_WATCH_AFTER_MS,
or at run time from PUT /devcluster/faults.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string', default: '6443' },
      host: { type: 'string', default: '127.0.0.1' },
      'advertise-host': { type: 'string' },
      kubeconfig: { type: 'string', default: '.driftless/kubeconfig' },
      'data-dir': { type: 'string' },
      token: { type: 'string' },
      rbac: { type: 'boolean', default: false },
      'workload-delay': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals[0] !== 'start') {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`driftless-devcluster: --port must be a port number, got "${values.port}"`);
    return 2;
  }
  const defaults = defaultDevClusterOptions();
  const cluster = await startDevCluster({
    port,
    host: values.host,
    advertiseHost: values['advertise-host'],
    kubeconfigPath: values.kubeconfig,
    dataDir: values['data-dir'],
    tokens: values.token ? [{ token: values.token, username: 'admin', groups: ['system:masters'] }] : [],
    rbac: values.rbac,
    faults: faultOptionsFromEnv(process.env),
    workloadDelayMs: values['workload-delay'] ? Number(values['workload-delay']) : defaults.workloadDelayMs,
  });
  console.log(`devcluster: serving ${cluster.url}`);
  console.log(`devcluster: kubeconfig ${cluster.kubeconfigPath} (export KUBECONFIG=${cluster.kubeconfigPath})`);
  console.log('devcluster: ready');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await cluster.stop();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`driftless-devcluster: ${(error as Error).message}`);
    process.exitCode = 1;
  },
);
