import type { KubeClient } from '@driftless/runtime';
import type { CliIo } from '../../context/cli-io.js';
import { type ConnectionFlags, kubeClientFor, resolveConnection } from '../../context/connection.js';

/** A read-only client for the cluster the flags (or the environment, or `driftless dev`) name. */
export function clusterClient(flags: ConnectionFlags, io: CliIo): KubeClient {
  return kubeClientFor(resolveConnection(flags, io.env, io.cwd), 'driftless-cli');
}
