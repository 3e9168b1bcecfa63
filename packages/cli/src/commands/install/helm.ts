import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CommandFailure } from '../../context/command-failure.js';
import { repoLayout } from '../../context/repo-layout.js';
import { ExitCode } from '../../exit-code.js';

const execFileAsync = promisify(execFile);

export interface HelmContext {
  helmBinary: string;
  env: NodeJS.ProcessEnv;
  /** --kubeconfig and --kube-context, when the connection names them. */
  clusterArgs: string[];
  signal?: AbortSignal;
}

/** Runs helm; a failure becomes one line naming helm's own complaint (unreachable cluster → ExitCode.unreachable). */
export async function helm(context: HelmContext, args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync(context.helmBinary, [...args, ...context.clusterArgs], {
      env: context.env,
      maxBuffer: 64 * 2 ** 20,
      signal: context.signal,
    });
    return stdout;
  } catch (error) {
    const failure = error as { code?: string | number; stderr?: string; message: string };
    if (failure.code === 'ENOENT')
      throw new CommandFailure(`helm not found at ${context.helmBinary}`, ExitCode.notFound);
    const detail = (failure.stderr ?? '').trim().split('\n').pop() || failure.message;
    if (/cluster unreachable|connection refused|no such host|i\/o timeout/i.test(detail)) {
      throw new CommandFailure(`cannot reach the cluster: ${detail}`, ExitCode.unreachable);
    }
    if (/release: not found/.test(detail)) throw new CommandFailure(detail, ExitCode.notFound);
    throw new CommandFailure(`helm ${args[0]} failed: ${detail}`, ExitCode.failure);
  }
}

/**
 * The umbrella chart ready to install: a copy of the checkout's charts with the controller charts packed
 * into `driftless/charts/` (`helm dependency build`), so the checkout is never written to.
 */
export async function withUmbrellaChart<T>(context: HelmContext, use: (chart: string) => Promise<T>): Promise<T> {
  const scratch = await mkdtemp(join(tmpdir(), 'driftless-install-'));
  try {
    const charts = join(scratch, 'charts');
    await cp(repoLayout.charts, charts, { recursive: true });
    const chart = join(charts, 'driftless');
    await helm({ ...context, clusterArgs: [] }, ['dependency', 'build', chart]);
    return await use(chart);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
