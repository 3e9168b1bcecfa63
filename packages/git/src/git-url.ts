import { GitInvalidUrlError } from './git-errors.js';

export const GitTransport = { Http: 'http', Https: 'https', Ssh: 'ssh' } as const;
export type GitTransport = (typeof GitTransport)[keyof typeof GitTransport];

export interface GitUrl {
  transport: GitTransport;
  /** The URL to connect to, without HTTP userinfo. scp-like SSH addresses are kept as written (git reads them). */
  url: string;
  /** Host (and `:port` when given), lower-cased. */
  host: string;
  /** The URL as it may appear in messages: no password or token. */
  display: string;
  /** HTTP userinfo user, used when the secret has no username (Flux behaviour). */
  username?: string;
  /** HTTP userinfo password, used when the secret has no password (Flux behaviour). */
  password?: string;
}

const defaultSshUser = 'git';
const scpLike = /^(?:([^@/\s]+)@)?([^:/\s]+):(?!\/\/)(.+)$/;

/**
 * Parses `spec.url`: `http(s)://…`, `ssh://[user@]host[:port]/path`, and the scp-like
 * `[user@]host:path`, which Flux rejects but git understands.
 */
export function parseGitUrl(raw: string): GitUrl {
  const input = raw.trim();
  if (!input.includes('://')) return parseScpLike(input);
  let parsed: URL;
  try {
    parsed = new URL(input);
  } catch (err) {
    throw new GitInvalidUrlError(`invalid Git URL '${redactUrl(input)}'`, { cause: err });
  }
  const scheme = parsed.protocol.slice(0, -1);
  if (scheme !== 'http' && scheme !== 'https' && scheme !== 'ssh') {
    throw new GitInvalidUrlError(
      `unsupported Git URL scheme '${scheme}' in '${redactUrl(input)}' (http, https or ssh)`,
    );
  }
  if (parsed.hostname === '') throw new GitInvalidUrlError(`Git URL '${redactUrl(input)}' has no host`);
  if (scheme === 'ssh') {
    parsed.password = '';
    // Flux logs in as `git` when the URL names no user (fluxcd/pkg DefaultPublicKeyAuthUser).
    if (parsed.username === '') parsed.username = defaultSshUser;
    const url = parsed.toString();
    return { transport: GitTransport.Ssh, url, host: parsed.host.toLowerCase(), display: url };
  }
  const username = parsed.username === '' ? undefined : decodeURIComponent(parsed.username);
  const password = parsed.password === '' ? undefined : decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  const url = parsed.toString().replace(/\/+$/, '');
  const result: GitUrl = { transport: scheme, url, host: parsed.host.toLowerCase(), display: url };
  if (username !== undefined) result.username = username;
  if (password !== undefined) result.password = password;
  return result;
}

function parseScpLike(input: string): GitUrl {
  const match = scpLike.exec(input);
  if (!match) throw new GitInvalidUrlError(`invalid Git URL '${redactUrl(input)}'`);
  const [, user, host] = match;
  if (user?.includes(':')) throw new GitInvalidUrlError(`invalid Git URL '${redactUrl(input)}'`);
  const url = user === undefined ? `${defaultSshUser}@${input}` : input;
  return { transport: GitTransport.Ssh, url, host: host.toLowerCase(), display: url };
}

/** Replaces the userinfo of every URL in `text` that carries a password (`scheme://user:pass@`). */
export function redactUrl(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*:[^/@\s]*@/gi, '$1***@');
}

/** Removes `secrets` (and redacts URL passwords) from text that came from a server or a child process. */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = redactUrl(text);
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}
