import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The pinned helm that `npm run setup` puts in the repo's `.tools/bin`. */
export const helmBinary = resolve(import.meta.dirname, '..', '..', '..', '.tools', 'bin', 'helm');

export const fixturesDir = resolve(import.meta.dirname, 'fixtures');

/** A scratch HOME for helm (config, cache, data), removed by `cleanup`. */
export function scratchHome(): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'helm-storage-test-'));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

export interface HelmRun {
  home: string;
  kubeconfig?: string;
  env?: Record<string, string>;
}

/** Runs the real helm with an isolated environment; rejects with its stderr when it fails. */
export function helm(args: string[], run: HelmRun): Promise<string> {
  const env: Record<string, string> = {
    HOME: run.home,
    HELM_CONFIG_HOME: join(run.home, 'config'),
    HELM_CACHE_HOME: join(run.home, 'cache'),
    HELM_DATA_HOME: join(run.home, 'data'),
    ...(run.kubeconfig ? { KUBECONFIG: run.kubeconfig } : {}),
    ...run.env,
  };
  return new Promise((resolvePromise, reject) => {
    execFile(helmBinary, args, { env, timeout: 60_000, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`helm ${args.join(' ')} failed: ${stderr || error.message}`));
      else resolvePromise(stdout);
    });
  });
}
