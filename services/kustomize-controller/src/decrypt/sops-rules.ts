import { SopsError } from './decryption-error.js';
import type { EncryptionRules } from './sops-metadata.js';

/** Decides, from the path of keys leading to a value, whether sops encrypted it. */
export type EncryptionPredicate = (path: readonly string[]) => boolean;

/**
 * sops `shouldBeEncrypted`: a suffix rule looks for a path component ending with the suffix, a regex
 * rule for a component the regex matches anywhere (Go `regexp.Match`, unanchored).
 */
export function encryptionPredicate(rules: EncryptionRules): EncryptionPredicate {
  const { unencryptedSuffix, encryptedSuffix, unencryptedRegex, encryptedRegex } = rules;
  if (encryptedSuffix) return (path) => path.some((key) => key.endsWith(encryptedSuffix));
  if (encryptedRegex) {
    const regex = goRegex(encryptedRegex, 'encrypted_regex');
    return (path) => path.some((key) => regex.test(key));
  }
  if (unencryptedRegex) {
    const regex = goRegex(unencryptedRegex, 'unencrypted_regex');
    return (path) => !path.some((key) => regex.test(key));
  }
  if (unencryptedSuffix) return (path) => !path.some((key) => key.endsWith(unencryptedSuffix));
  return () => true;
}

/** Go RE2 and JavaScript agree on the patterns sops users write, except for leading inline flags. */
function goRegex(pattern: string, field: string): RegExp {
  const flags = /^\(\?([ims]+)\)/.exec(pattern);
  const body = flags ? pattern.slice(flags[0].length) : pattern;
  try {
    return new RegExp(body, flags?.[1] ?? '');
  } catch (err) {
    throw new SopsError(`sops metadata field ${field} is not a valid regular expression`, { cause: err });
  }
}
