export interface AuthChallenge {
  /** Lower-cased scheme: `bearer`, `basic`, … */
  readonly scheme: string;
  /** Lower-cased parameter names (`realm`, `service`, `scope`, `error`) with unquoted values. */
  readonly params: Readonly<Record<string, string>>;
}

const schemeToken = /\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)/y;
const paramToken = /\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?/y;

/**
 * Parses a `WWW-Authenticate` header into its challenges, e.g.
 * `Bearer realm="https://auth.example/token",service="registry",scope="repository:app:pull"`.
 * Parameters whose values contain commas (scopes with several actions) must be quoted, as RFC 7235 requires.
 */
export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  let position = 0;
  while (position < header.length) {
    schemeToken.lastIndex = position;
    const scheme = schemeToken.exec(header);
    if (scheme === null) break;
    position = schemeToken.lastIndex;
    const params: Record<string, string> = {};
    for (;;) {
      paramToken.lastIndex = position;
      const param = paramToken.exec(header);
      if (param === null) break;
      params[param[1].toLowerCase()] = param[2] !== undefined ? param[2].replace(/\\(.)/g, '$1') : param[3];
      position = paramToken.lastIndex;
    }
    challenges.push({ scheme: scheme[1].toLowerCase(), params });
    while (header[position] === ',' || header[position] === ' ') position += 1;
  }
  return challenges;
}
