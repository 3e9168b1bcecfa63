import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Bus, busOptionsFromConfig, connectBus, natsConfig } from '@driftless/bus';
import { KubeClient, loadKubeConfig } from '@driftless/runtime';
import { readStateEnv, StateFile, stateDirPath } from './state-dir.js';

/** The global flags every command that talks to the cluster or NATS accepts. */
export interface ConnectionFlags {
  kubeconfig?: string;
  context?: string;
  stateDir?: string;
  natsUrl?: string;
  natsPrefix?: string;
}

export interface Connection {
  /** Undefined: client-node's default order ($KUBECONFIG, ~/.kube/config, in-cluster). */
  kubeconfigPath?: string;
  kubeContext?: string;
  /** NATS settings as the controllers read them (NATS_URL, DRIFTLESS_NATS_PREFIX, NATS_* auth). */
  natsEnv: Record<string, string | undefined>;
  stateDir: string;
}

/**
 * Where the cluster and NATS are: flags first, then the environment, then what a running
 * `driftless dev` wrote into the state directory, then the defaults.
 */
export function resolveConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv, cwd: string): Connection {
  const stateDir = stateDirPath(flags.stateDir, cwd);
  const stateEnv = readStateEnv(stateDir);
  const stateKubeconfig = join(stateDir, StateFile.kubeconfig);
  const kubeconfigPath =
    flags.kubeconfig ?? env.KUBECONFIG ?? (existsSync(stateKubeconfig) ? stateKubeconfig : undefined);
  const natsEnv: Record<string, string | undefined> = { ...stateEnv, ...pickNatsEnv(env) };
  if (flags.natsUrl) natsEnv.NATS_URL = flags.natsUrl;
  if (flags.natsPrefix) natsEnv.DRIFTLESS_NATS_PREFIX = flags.natsPrefix;
  natsEnv.NATS_URL ??= 'nats://127.0.0.1:4222';
  return { kubeconfigPath, kubeContext: flags.context, natsEnv, stateDir };
}

function pickNatsEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && (key.startsWith('NATS_') || key.startsWith('DRIFTLESS_NATS_'))) picked[key] = value;
  }
  return picked;
}

export function kubeClientFor(connection: Connection, fieldManager = 'driftless'): KubeClient {
  const kubeConfig = loadKubeConfig({ kubeconfigPath: connection.kubeconfigPath, context: connection.kubeContext });
  return new KubeClient(kubeConfig, { fieldManager });
}

const quietLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** Connects to NATS with the controllers' own settings; throws BusConnectionError when it cannot. */
export async function connectBusFor(connection: Connection): Promise<Bus> {
  const config = natsConfig.parse(connection.natsEnv);
  return connectBus(busOptionsFromConfig(config, { name: 'driftless-cli', timeoutMs: 3_000 }), {
    logger: quietLogger,
  });
}
