import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { HelmCommandError } from './helm-errors.js';

export interface RunHelmOptions {
  binary: string;
  args: string[];
  /** A scratch dir: helm's config, cache and data dirs go under it, never into the user's home. */
  home: string;
  signal: AbortSignal;
}

const maxOutput = 1024 * 1024;

/** Runs `helm <args>` with an isolated environment; rejects with `HelmCommandError` on failure or abort. */
export function runHelm(options: RunHelmOptions): Promise<{ stdout: string; stderr: string }> {
  // No inherited environment (and no PATH): `binary` should be an absolute path; helm needs nothing else here.
  const env: Record<string, string> = {
    HOME: options.home,
    HELM_CONFIG_HOME: join(options.home, 'config'),
    HELM_CACHE_HOME: join(options.home, 'cache'),
    HELM_DATA_HOME: join(options.home, 'data'),
    HELM_REGISTRY_CONFIG: join(options.home, 'config', 'registry.json'),
    HELM_REPOSITORY_CONFIG: join(options.home, 'config', 'repositories.yaml'),
    HELM_REPOSITORY_CACHE: join(options.home, 'cache', 'repository'),
  };
  return new Promise((resolve, reject) => {
    if (options.signal.aborted) {
      reject(new HelmCommandError(options.args, null, 'aborted', { cause: options.signal.reason }));
      return;
    }
    const child = spawn(options.binary, options.args, {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: options.signal,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout = (stdout + chunk.toString('utf8')).slice(-maxOutput);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-maxOutput);
    });
    child.once('error', (err) => {
      const what = options.signal.aborted ? 'aborted' : `could not run ${options.binary}: ${err.message}`;
      reject(new HelmCommandError(options.args, null, what, { cause: err }));
    });
    child.once('close', (code) => {
      if (code === 0) resolve({ stdout, stderr });
      else if (!options.signal.aborted) reject(new HelmCommandError(options.args, code, stderr));
    });
  });
}
