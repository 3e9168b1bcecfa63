import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export class GitNotInstalledError extends Error {
  constructor(binary: string, options?: ErrorOptions) {
    super(`${binary} is not installed or not on PATH (run npm run setup)`, options);
    this.name = 'GitNotInstalledError';
  }
}

/** A git command exited non-zero; `stderr` holds what git said. */
export class GitCommandError extends Error {
  readonly args: readonly string[];
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;

  constructor(
    args: readonly string[],
    result: { exitCode: number | null; stdout: string; stderr: string },
    options?: ErrorOptions,
  ) {
    super(`git ${args.join(' ')} failed (exit ${result.exitCode}): ${result.stderr.trim()}`, options);
    this.name = 'GitCommandError';
    this.args = args;
    this.exitCode = result.exitCode;
    this.stdout = result.stdout;
    this.stderr = result.stderr;
  }
}

export interface RunGitOptions {
  /** Working directory of the command. */
  cwd: string;
  /** Extra environment on top of the hermetic one from `gitEnv()` (e.g. `GIT_SSL_CAINFO`, `GIT_AUTHOR_DATE`). */
  env: Record<string, string>;
  /** `-c key=value` pairs put before the sub-command (e.g. `http.extraHeader`, `http.sslCAInfo`). */
  config: Record<string, string>;
  /** The git binary. */
  binary: string;
}

export function defaultRunGitOptions(): RunGitOptions {
  return { cwd: tmpdir(), env: {}, config: {}, binary: 'git' };
}

export interface GitResult {
  stdout: string;
  stderr: string;
}

/**
 * The environment every git child gets: only PATH is inherited, the global and system config are
 * off, HOME points at `home` and git never prompts for credentials. The user's git config and any
 * `GIT_*` variables of the calling process are never seen.
 */
export function gitEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: inheritedPath(),
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    ...extra,
  };
}

function inheritedPath(): string {
  // biome-ignore lint/style/noProcessEnv: git children need the caller's PATH to find git; nothing else is inherited.
  return process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin';
}

/** Runs the real git CLI hermetically (see `gitEnv`) and returns its output; throws `GitCommandError` on non-zero exit. */
export function runGit(args: readonly string[], options: Partial<RunGitOptions> = {}): Promise<GitResult> {
  const opts = { ...defaultRunGitOptions(), ...options };
  const configArgs = Object.entries(opts.config).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
  const fullArgs = [...configArgs, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(opts.binary, fullArgs, {
      cwd: opts.cwd,
      env: gitEnv(opts.cwd, opts.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'ENOENT' ? new GitNotInstalledError(opts.binary, { cause: err }) : err);
    });
    child.once('close', (exitCode) => {
      const result = {
        exitCode,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      };
      if (exitCode === 0) resolve({ stdout: result.stdout, stderr: result.stderr });
      else reject(new GitCommandError(args, result));
    });
  });
}

export interface GitIdentity {
  name: string;
  email: string;
}

export interface WorkTreeOptions {
  /** URL (or path) added as remote `origin`; `undefined` leaves the work tree without a remote. */
  origin: string | undefined;
  /** Initial branch. */
  branch: string;
  /** Author and committer of every commit and annotated tag. */
  identity: GitIdentity;
  /** Date of the first commit or annotated tag; each later one is one second after the previous. */
  startDate: Date;
  /** `-c key=value` pairs for every command (e.g. `http.extraHeader`, `http.sslCAInfo`). */
  config: Record<string, string>;
  /** Extra environment for every command (e.g. `GIT_SSL_CAINFO`). */
  env: Record<string, string>;
  /** The git binary. */
  binary: string;
}

export function defaultWorkTreeOptions(): WorkTreeOptions {
  return {
    origin: undefined,
    branch: 'main',
    identity: { name: 'Driftless Test', email: 'test@driftless.invalid' },
    startDate: new Date('2024-01-01T00:00:00Z'),
    config: {},
    env: {},
    binary: 'git',
  };
}

export interface TagOptions {
  /** Create an annotated tag object (with `message`) instead of a lightweight ref. */
  annotated: boolean;
  message: string;
}

export interface WorkTree {
  /** The work tree's temp dir; removed by `cleanup()`. */
  readonly dir: string;
  /** Writes a file (creating parent dirs) and stages it. */
  write(path: string, content: string | Uint8Array): Promise<void>;
  /** Removes a file or dir and stages the removal. */
  remove(path: string): Promise<void>;
  /** Commits everything staged (empty commits allowed) and returns the commit SHA. */
  commit(message: string): Promise<string>;
  /** Tags HEAD. */
  tag(name: string, options?: Partial<TagOptions>): Promise<void>;
  /** Creates a branch at HEAD and switches to it. */
  branch(name: string): Promise<void>;
  /** Switches to an existing branch, tag or commit. */
  checkout(name: string): Promise<void>;
  /** `git push origin <refspecs…>`; with no refspecs pushes the current branch (`HEAD`). */
  push(...refspecs: string[]): Promise<void>;
  /** Runs any git command in the work tree and returns its stdout. */
  run(args: readonly string[]): Promise<string>;
  /** The SHA of HEAD. */
  head(): Promise<string>;
  /** Removes the work tree's temp dir. Safe to call twice. */
  cleanup(): Promise<void>;
}

/**
 * Creates a fresh work tree in a temp dir with the real git CLI. Commits and annotated tags get a
 * fixed identity and dates that advance one second per call, so the same sequence of calls yields
 * the same SHAs.
 */
export async function createWorkTree(options: Partial<WorkTreeOptions> = {}): Promise<WorkTree> {
  const opts = { ...defaultWorkTreeOptions(), ...options };
  const dir = await mkdtemp(join(tmpdir(), 'driftless-worktree-'));
  let clock = 0;
  let removed = false;

  const git = async (args: readonly string[], env: Record<string, string> = {}): Promise<string> => {
    const { stdout } = await runGit(args, {
      cwd: dir,
      binary: opts.binary,
      config: { ...opts.config, 'init.defaultBranch': opts.branch, 'commit.gpgSign': 'false', 'tag.gpgSign': 'false' },
      env: { ...identityEnv(opts.identity), ...opts.env, ...env },
    });
    return stdout;
  };
  const nextDate = (): Record<string, string> => {
    const date = `${new Date(opts.startDate.getTime() + clock++ * 1000).toISOString().slice(0, 19)}Z`;
    return { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  };
  const inside = (path: string): string => {
    const full = join(dir, path);
    if (!full.startsWith(`${dir}/`)) throw new Error(`path ${path} is outside the work tree`);
    return full;
  };

  try {
    await git(['init', '--quiet', `--initial-branch=${opts.branch}`]);
    if (opts.origin !== undefined) await git(['remote', 'add', 'origin', opts.origin]);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }

  return {
    dir,
    async write(path, content) {
      const full = inside(path);
      await mkdir(dirname(full), { recursive: true });
      await writeFile(full, content);
      await git(['add', '--', path]);
    },
    async remove(path) {
      await git(['rm', '-r', '--quiet', '--', path]);
    },
    async commit(message) {
      await git(['commit', '--quiet', '--allow-empty', '-m', message], nextDate());
      return (await git(['rev-parse', 'HEAD'])).trim();
    },
    async tag(name, tagOptions = {}) {
      const { annotated = false, message = name } = tagOptions;
      if (annotated) await git(['tag', '-a', '-m', message, name], nextDate());
      else await git(['tag', name]);
    },
    async branch(name) {
      await git(['checkout', '--quiet', '-b', name]);
    },
    async checkout(name) {
      await git(['checkout', '--quiet', name]);
    },
    async push(...refspecs) {
      await git(['push', '--quiet', 'origin', ...(refspecs.length > 0 ? refspecs : ['HEAD'])]);
    },
    run: (args) => git(args),
    async head() {
      return (await git(['rev-parse', 'HEAD'])).trim();
    },
    async cleanup() {
      if (removed) return;
      removed = true;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function identityEnv(identity: GitIdentity): Record<string, string> {
  return {
    GIT_AUTHOR_NAME: identity.name,
    GIT_AUTHOR_EMAIL: identity.email,
    GIT_COMMITTER_NAME: identity.name,
    GIT_COMMITTER_EMAIL: identity.email,
  };
}
