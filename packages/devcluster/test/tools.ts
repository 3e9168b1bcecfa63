import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The pinned kubectl/helm that `npm run setup` extracts into .tools/bin. */
export function toolPath(name: 'kubectl' | 'helm'): string {
  const path = join(process.env.DRIFTLESS_TOOLS_DIR ?? join(repoRoot, '.tools', 'bin'), name);
  if (!existsSync(path)) throw new Error(`${path} is missing: run "npm run setup" first`);
  return path;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A scratch HOME and cache per test file so discovery caches never leak between clusters. */
export function scratchDir(): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'devcluster-test-'));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

export function runTool(
  tool: 'kubectl' | 'helm',
  args: string[],
  env: { kubeconfig: string; home: string; input?: string; extraEnv?: Record<string, string> },
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      toolPath(tool),
      args,
      {
        env: {
          PATH: process.env.PATH,
          HOME: env.home,
          KUBECONFIG: env.kubeconfig,
          KUBECACHEDIR: join(env.home, 'kube-cache'),
          HELM_CACHE_HOME: join(env.home, 'helm-cache'),
          HELM_CONFIG_HOME: join(env.home, 'helm-config'),
          HELM_DATA_HOME: join(env.home, 'helm-data'),
          ...env.extraEnv,
        },
        timeout: 60_000,
        maxBuffer: 32 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error
          ? typeof (error as { code?: unknown }).code === 'number'
            ? (error as { code: number }).code
            : 1
          : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (env.input !== undefined) child.stdin?.end(env.input);
    else child.stdin?.end();
  });
}

export function writeFile(dir: string, name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
