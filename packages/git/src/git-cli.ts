import { spawn } from 'node:child_process';
import {
  GitAuthenticationError,
  GitError,
  GitReferenceNotFoundError,
  GitRepositoryNotFoundError,
  GitTimeoutError,
  GitUnreachableError,
} from './git-errors.js';
import { scrubSecrets } from './git-url.js';

/** How the system git is run (SSH transport and submodules). */
export interface GitCliOptions {
  /** The git binary. */
  binary: string;
  /** PATH of git children (git finds ssh and its helpers through it); passed in, never read from the environment. */
  searchPath: string;
}

export function defaultGitCliOptions(): GitCliOptions {
  return { binary: 'git', searchPath: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };
}

export interface GitCliRun {
  cli: GitCliOptions;
  /** Working directory; also HOME, so no user config is read. */
  cwd: string;
  /** Extra environment (GIT_SSH_COMMAND, GIT_CONFIG_COUNT…). */
  env: Readonly<Record<string, string>>;
  signal: AbortSignal;
  /** The URL as it may appear in messages. */
  display: string;
  /** Values that must never appear in an error message. */
  secrets: readonly (string | undefined)[];
}

const maxOutputBytes = 16 * 1024 * 1024;

/**
 * Runs git hermetically (no system/global config, no prompts) in its own process group, so an abort
 * kills git together with the ssh and helpers it started. Failures become typed GitErrors.
 */
export function runGitCli(args: readonly string[], run: GitCliRun): Promise<string> {
  if (run.signal.aborted) return Promise.reject(abortError(run.signal, run.display));
  return new Promise((resolve, reject) => {
    const child = spawn(run.cli.binary, args, {
      cwd: run.cwd,
      env: {
        PATH: run.cli.searchPath,
        HOME: run.cwd,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_TERMINAL_PROMPT: '0',
        GIT_ASKPASS: '/bin/false',
        LC_ALL: 'C',
        ...run.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    const onAbort = (): void => {
      if (child.pid !== undefined) killGroup(child.pid);
    };
    run.signal.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes <= maxOutputBytes) stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-8_192);
    });
    child.once('error', (err) => {
      run.signal.removeEventListener('abort', onAbort);
      reject(new GitError(`could not run ${run.cli.binary}: ${err.message}`, { cause: err }));
    });
    child.once('close', (code) => {
      run.signal.removeEventListener('abort', onAbort);
      if (run.signal.aborted) reject(abortError(run.signal, run.display));
      else if (code === 0) resolve(Buffer.concat(stdout).toString('utf8'));
      else reject(cliError(args[0] ?? 'git', scrubSecrets(stderr, run.secrets), run.display));
    });
  });
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export function abortError(signal: AbortSignal, display: string): GitTimeoutError {
  const reason = signal.reason as { name?: string } | undefined;
  const what = reason?.name === 'TimeoutError' ? 'timed out' : 'was aborted';
  return new GitTimeoutError(`git operation on '${display}' ${what}`, { cause: signal.reason });
}

const patterns: [RegExp, new (message: string) => GitError][] = [
  [/couldn't find remote ref|not our ref|no such remote ref|unadvertised object/i, GitReferenceNotFoundError],
  [
    /Permission denied \(|Authentication failed|Access denied|could not read (Username|Password)|\b40[13]\b/i,
    GitAuthenticationError,
  ],
  [
    /Host key verification failed|HOST IDENTIFICATION HAS CHANGED|host key for .* (is not known|has changed)/i,
    GitAuthenticationError,
  ],
  [
    /Connection refused|Could not resolve host|Connection timed out|No route to host|Connection reset|Connection closed by|Failed to connect|Could not connect|SSL certificate problem|server certificate verification failed/i,
    GitUnreachableError,
  ],
  [/does not appear to be a git repository|repository .*not found|\b404\b/i, GitRepositoryNotFoundError],
];

function cliError(command: string, stderr: string, display: string): GitError {
  const detail = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('hint:'))
    .slice(-4)
    .join('; ');
  const message = `git ${command} '${display}' failed: ${detail || 'no error output'}`;
  for (const [pattern, ErrorClass] of patterns) {
    if (pattern.test(stderr)) return new ErrorClass(message);
  }
  return new GitError(message);
}
