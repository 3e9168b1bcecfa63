import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { RenderError, RenderErrorReason } from './render-errors.js';

export interface ToolRun {
  binary: string;
  args: string[];
  /** helm's and kubectl's config, cache and data dirs go under it, never into the user's home. */
  home: string;
  /** Added to the isolated environment (the in-cluster service variables). */
  extraEnv?: Record<string, string>;
  maxOutputBytes: number;
  signal?: AbortSignal;
}

export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** stderr beyond this is dropped from the front: the error is at its end. */
const maxStderr = 64 * 1024;

export function isolatedEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    HOME: home,
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_DATA_HOME: join(home, 'data'),
    HELM_REGISTRY_CONFIG: join(home, 'config', 'registry.json'),
    HELM_REPOSITORY_CONFIG: join(home, 'config', 'repositories.yaml'),
    HELM_REPOSITORY_CACHE: join(home, 'cache', 'repository'),
    KUBECACHEDIR: join(home, 'cache', 'kube'),
    ...extra,
  };
}

/**
 * Runs a tool with an isolated environment and resolves with its exit code and output; rejects only
 * when it cannot run, is aborted, or writes more than `maxOutputBytes` to stdout.
 */
export function runTool(run: ToolRun): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    if (run.signal?.aborted) {
      reject(abortError(run.signal));
      return;
    }
    const child = spawn(run.binary, run.args, {
      env: isolatedEnv(run.home, run.extraEnv),
      cwd: run.home,
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: run.signal,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let failure: RenderError | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > run.maxOutputBytes) {
        failure ??= new RenderError(
          RenderErrorReason.OutputTooLarge,
          `${toolName(run)} output is larger than ${run.maxOutputBytes} bytes`,
        );
        child.kill('SIGKILL');
        return;
      }
      chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-maxStderr);
    });
    child.once('error', (err) => {
      if (run.signal?.aborted) reject(abortError(run.signal));
      else
        reject(
          new RenderError(RenderErrorReason.HelmFailed, `could not run ${run.binary}: ${err.message}`, { cause: err }),
        );
    });
    child.once('close', (code) => {
      if (run.signal?.aborted) reject(abortError(run.signal));
      else if (failure) reject(failure);
      else resolve({ code, stdout: Buffer.concat(chunks).toString('utf8'), stderr });
    });
  });
}

function abortError(signal: AbortSignal): RenderError {
  return new RenderError(RenderErrorReason.Aborted, 'rendering was aborted', { cause: signal.reason });
}

function toolName(run: ToolRun): string {
  return `${run.binary.split('/').pop()} ${run.args[0] ?? ''}`.trim();
}

/** The tool's own error, without warnings printed before it and without the `Error: INSTALLATION FAILED:` prefix. */
export function toolErrorMessage(stderr: string, fallback: string): string {
  const lines = stderr.trim().split('\n');
  const start = lines.findIndex((line) => /^error: /i.test(line));
  const text = (start < 0 ? lines : lines.slice(start)).join('\n').trim();
  const message = text.replace(/^error: /i, '').replace(/^[A-Z ]+ FAILED: /, '');
  return message === '' ? fallback : message;
}
