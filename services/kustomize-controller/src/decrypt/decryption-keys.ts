import { Decrypter } from 'age-encryption';
import { DecryptionKeyError } from './decryption-error.js';

/** Key kinds Flux reads from a decryption Secret; only `age` is implemented here. */
export const KeyKind = {
  Age: 'age',
  Pgp: 'pgp',
  VaultToken: 'vault-token',
  AwsKms: 'aws-kms',
  AzureKeyVault: 'azure-kv',
  GcpKms: 'gcp-kms',
} as const;
export type KeyKind = (typeof KeyKind)[keyof typeof KeyKind];

export interface UnsupportedKey {
  /** The Secret data key, e.g. `team.asc`. */
  entry: string;
  kind: Exclude<KeyKind, 'age'>;
}

/** What a decryption Secret offers: age identities, plus the entries this controller cannot use. */
export interface DecryptionKeys {
  readonly ageIdentities: readonly string[];
  readonly unsupported: readonly UnsupportedKey[];
}

export const keyKindLabel: Record<KeyKind, string> = {
  [KeyKind.Age]: 'age',
  [KeyKind.Pgp]: 'PGP',
  [KeyKind.VaultToken]: 'HashiCorp Vault',
  [KeyKind.AwsKms]: 'AWS KMS',
  [KeyKind.AzureKeyVault]: 'Azure Key Vault',
  [KeyKind.GcpKms]: 'GCP KMS',
};

const fileKinds: Record<string, Exclude<KeyKind, 'age'>> = {
  'sops.vault-token': KeyKind.VaultToken,
  'sops.aws-kms': KeyKind.AwsKms,
  'sops.azure-kv': KeyKind.AzureKeyVault,
  'sops.gcp-kms': KeyKind.GcpKms,
};

/**
 * Reads a decryption Secret's `data` (base64 values) the way Flux does: `*.agekey` entries hold age
 * identities (one per line, `#` comments allowed), `*.asc` PGP keys, `sops.*` cloud credentials.
 */
export function decryptionKeysFromSecret(secretData: Record<string, string>): DecryptionKeys {
  const ageIdentities: string[] = [];
  const unsupported: UnsupportedKey[] = [];
  for (const entry of Object.keys(secretData).sort()) {
    if (entry.endsWith('.agekey')) {
      ageIdentities.push(...parseAgeIdentities(entry, decodeBase64(entry, secretData[entry])));
    } else if (entry.endsWith('.asc')) {
      unsupported.push({ entry, kind: KeyKind.Pgp });
    } else if (fileKinds[entry]) {
      unsupported.push({ entry, kind: fileKinds[entry] });
    }
  }
  return { ageIdentities, unsupported };
}

function decodeBase64(entry: string, value: string | undefined): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value.replace(/\s/g, ''))) {
    throw new DecryptionKeyError(entry, 'value is not base64');
  }
  return Buffer.from(value, 'base64').toString('utf8');
}

function parseAgeIdentities(entry: string, text: string): string[] {
  const identities: string[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (!isAgeIdentity(line)) {
      throw new DecryptionKeyError(entry, `line ${index + 1} is not a valid age identity (AGE-SECRET-KEY-1…)`);
    }
    identities.push(line);
  }
  if (identities.length === 0) throw new DecryptionKeyError(entry, 'holds no age identity');
  return identities;
}

// age's own parser checks the bech32 checksum; its messages quote the key, so they are dropped.
function isAgeIdentity(line: string): boolean {
  if (!line.startsWith('AGE-SECRET-KEY-')) return false;
  try {
    new Decrypter().addIdentity(line);
    return true;
  } catch {
    return false;
  }
}
