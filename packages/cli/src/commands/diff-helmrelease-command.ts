import type { StorageDriver } from '@driftless/helm';
import type { CliIo } from '../context/cli-io.js';
import { type ConnectionFlags, kubeClientFor, resolveConnection } from '../context/connection.js';
import { findTool } from '../context/repo-layout.js';
import { diffHelmRelease } from '../diff-helmrelease.js';

export interface DiffHelmReleaseFlags extends ConnectionFlags {
  namespace: string;
  helm?: string;
  kubectl?: string;
  storageDriver: StorageDriver;
}

const maxBytes = 64 * 2 ** 20;

/** Prints the diff; exits 0 when nothing would change, 1 when something would, 2 on an error (as `kubectl diff`). */
export async function runDiffHelmRelease(name: string, flags: DiffHelmReleaseFlags, io: CliIo): Promise<number> {
  try {
    const connection = resolveConnection(flags, io.env, io.cwd);
    const { kubeconfigPath } = connection;
    const client = kubeClientFor(connection, 'driftless-diff');
    const diffs = await diffHelmRelease(client, {
      namespace: flags.namespace,
      name,
      helmBinary: findTool('helm', flags.helm),
      kubectlBinary: findTool('kubectl', flags.kubectl),
      kubeconfigPath,
      storageDriver: flags.storageDriver,
      maxBytes,
    });
    for (const diff of diffs) io.stdout.write(`# ${diff.subject} ${diff.action}\n${diff.patch}\n`);
    const summary = diffs.length === 0 ? 'no changes' : `${diffs.length} object(s) would change`;
    io.stderr.write(`HelmRelease ${flags.namespace}/${name}: ${summary}\n`);
    return diffs.length === 0 ? 0 : 1;
  } catch (error) {
    io.stderr.write(`driftless diff helmrelease: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}
