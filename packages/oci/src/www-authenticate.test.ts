import { describe, expect, it } from 'vitest';
import { parseWwwAuthenticate } from './www-authenticate.js';

describe('parseWwwAuthenticate', () => {
  it.each([
    [
      'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:org/app:pull"',
      [
        {
          scheme: 'bearer',
          params: { realm: 'https://ghcr.io/token', service: 'ghcr.io', scope: 'repository:org/app:pull' },
        },
      ],
    ],
    [
      'Bearer realm="http://127.0.0.1:1/token", scope="repository:a:pull,push", error="invalid_token"',
      [
        {
          scheme: 'bearer',
          params: { realm: 'http://127.0.0.1:1/token', scope: 'repository:a:pull,push', error: 'invalid_token' },
        },
      ],
    ],
    ['Basic realm="registry"', [{ scheme: 'basic', params: { realm: 'registry' } }]],
    ['basic realm=plain', [{ scheme: 'basic', params: { realm: 'plain' } }]],
    [
      'Basic realm="a", Bearer realm="b",service="s"',
      [
        { scheme: 'basic', params: { realm: 'a' } },
        { scheme: 'bearer', params: { realm: 'b', service: 's' } },
      ],
    ],
    ['Bearer realm="say \\"hi\\""', [{ scheme: 'bearer', params: { realm: 'say "hi"' } }]],
    ['', []],
  ])('%s', (header, expected) => {
    expect(parseWwwAuthenticate(header)).toEqual(expected);
  });
});
