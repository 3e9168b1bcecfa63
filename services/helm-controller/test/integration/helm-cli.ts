import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const repoRoot = resolve(import.meta.dirname, '../../../..');
export const helmBinary = join(repoRoot, '.tools/bin/helm');
export const kubectlBinary = join(repoRoot, '.tools/bin/kubectl');

export interface HelmCliOptions {
  /** Scratch directory holding HOME and helm's config, cache and data directories. */
  home: string;
  /** The cluster helm talks to; unset for commands that need none (package, repo index, push). */
  kubeconfigPath?: string;
}

export type HelmCli = (args: string[], cwd?: string) => Promise<string>;

/** The real helm with an environment of its own, so nothing leaks in from the user's or between runs. */
export function helmCli(options: HelmCliOptions): HelmCli {
  const env = {
    PATH: process.env.PATH,
    HOME: options.home,
    HELM_CONFIG_HOME: join(options.home, 'helm-config'),
    HELM_CACHE_HOME: join(options.home, 'helm-cache'),
    HELM_DATA_HOME: join(options.home, 'helm-data'),
    ...(options.kubeconfigPath ? { KUBECONFIG: options.kubeconfigPath } : {}),
  };
  return async (args, cwd = options.home) => {
    await mkdir(options.home, { recursive: true });
    const { stdout } = await run(helmBinary, args, { cwd, env, maxBuffer: 32 * 2 ** 20, timeout: 120_000 });
    return stdout;
  };
}
