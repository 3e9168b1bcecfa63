import type { StorageDriver } from '@driftless/helm';
import { KubeClient, loadKubeConfig } from '@driftless/runtime';
import { diffHelmRelease } from '../diff-helmrelease.js';

export interface DiffHelmReleaseFlags {
  namespace: string;
  kubeconfig?: string;
  helm: string;
  kubectl: string;
  storageDriver: StorageDriver;
  env: NodeJS.ProcessEnv;
}

const maxBytes = 64 * 2 ** 20;

/** Prints the diff; exits 0 when nothing would change, 1 when something would, 2 on an error (as `kubectl diff`). */
export async function runDiffHelmRelease(name: string, flags: DiffHelmReleaseFlags): Promise<number> {
  try {
    const kubeconfigPath = flags.kubeconfig ?? flags.env.KUBECONFIG;
    const client = new KubeClient(loadKubeConfig({ kubeconfigPath }), { fieldManager: 'driftless-diff' });
    const diffs = await diffHelmRelease(client, {
      namespace: flags.namespace,
      name,
      helmBinary: flags.helm,
      kubectlBinary: flags.kubectl,
      kubeconfigPath,
      storageDriver: flags.storageDriver,
      maxBytes,
    });
    for (const diff of diffs) process.stdout.write(`# ${diff.subject} ${diff.action}\n${diff.patch}\n`);
    const summary = diffs.length === 0 ? 'no changes' : `${diffs.length} object(s) would change`;
    process.stderr.write(`HelmRelease ${flags.namespace}/${name}: ${summary}\n`);
    return diffs.length === 0 ? 0 : 1;
  } catch (error) {
    process.stderr.write(`driftless diff helmrelease: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}
