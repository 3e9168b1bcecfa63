import { describe, expect, it } from 'vitest';
import { GitInvalidUrlError } from './git-errors.js';
import { parseGitUrl, redactUrl, scrubSecrets } from './git-url.js';

describe('parseGitUrl', () => {
  it('strips HTTP userinfo into username/password and keeps it out of url and display', () => {
    const url = parseGitUrl('https://bot:p%40ss@Git.Example.com:8443/org/repo.git/');
    expect(url).toEqual({
      transport: 'https',
      url: 'https://git.example.com:8443/org/repo.git',
      host: 'git.example.com:8443',
      display: 'https://git.example.com:8443/org/repo.git',
      username: 'bot',
      password: 'p@ss',
    });
  });

  it.each([
    ['ssh://git@host:2222/org/repo.git', 'ssh://git@host:2222/org/repo.git', 'host:2222'],
    ['ssh://host/org/repo.git', 'ssh://git@host/org/repo.git', 'host'],
    ['deploy@host.example:org/repo.git', 'deploy@host.example:org/repo.git', 'host.example'],
    ['host.example:org/repo.git', 'git@host.example:org/repo.git', 'host.example'],
  ])('reads SSH address %s (user git by default, like Flux)', (raw, url, host) => {
    expect(parseGitUrl(raw)).toMatchObject({ transport: 'ssh', url, host });
  });

  it.each(['ftp://host/repo.git', 'file:///tmp/repo.git', 'ssh://git@host:org/repo.git', 'not a url', 'https://'])(
    'rejects %s with GitInvalidUrlError (URLInvalid)',
    (raw) => {
      const error = (() => {
        try {
          parseGitUrl(raw);
        } catch (err) {
          return err;
        }
      })();
      expect(error).toBeInstanceOf(GitInvalidUrlError);
      expect((error as GitInvalidUrlError).reason).toBe('URLInvalid');
    },
  );

  it('never puts a URL password into an error message', () => {
    expect(() => parseGitUrl('gopher://u:hunter22@host/x')).toThrow(/^(?!.*hunter22)/);
  });
});

describe('redaction', () => {
  it('redacts passwords in URLs and removes known secrets', () => {
    expect(redactUrl('fatal: https://u:pw@h/r.git and ssh://git@h/r')).toBe(
      'fatal: https://***@h/r.git and ssh://git@h/r',
    );
    expect(scrubSecrets('token abcd1234 in Bearer abcd1234', ['abcd1234', undefined])).toBe('token *** in Bearer ***');
  });
});
