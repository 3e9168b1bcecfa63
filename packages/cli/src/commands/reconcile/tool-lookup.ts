import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { repoLayout } from '../../context/repo-layout.js';

const run = promisify(execFile);

/** The `.tools/bin` that `npm run setup` fills (pinned helm and kubectl), when it exists. */
export function toolsBinDir(): string | undefined {
  return existsSync(repoLayout.toolsBin) ? repoLayout.toolsBin : undefined;
}

/**
 * Where `name` would run from: the repository's `.tools/bin` first (the pinned versions the
 * controllers run with under `driftless dev`), then $PATH.
 */
export function findExecutable(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const tools = toolsBinDir();
  const dirs = [...(tools ? [tools] : []), ...(env.PATH ?? '').split(delimiter).filter((dir) => dir !== '')];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Runs `path args` and returns its stdout; throws with the program's own words when it fails. */
export async function runTool(path: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await run(path, [...args], { env, timeout: 15_000, maxBuffer: 1024 * 1024 });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(stderr || (error as Error).message, { cause: error });
  }
}
