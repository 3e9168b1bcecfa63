import { createHash, timingSafeEqual } from 'node:crypto';
import type { Decrypter } from 'age-encryption';
import { SopsError } from './decryption-error.js';
import type { DecryptionKeys } from './decryption-keys.js';
import { recoverDataKey } from './sops-data-key.js';
import { decryptValue, macBytes, type SopsScalar } from './sops-format.js';
import { parseSopsMetadata } from './sops-metadata.js';
import { encryptionPredicate } from './sops-rules.js';

/** A SOPS document's top level: a plain object (parsed manifest) or a `Map` (YAML read with `mapAsMap`). */
export type SopsDocument = Record<string, unknown> | Map<unknown, unknown>;

export interface SopsDecryptOptions {
  /**
   * Recompute the MAC over all values and compare it with the stored one. It also catches changed
   * plaintext values and reordered keys, so it only holds for a document exactly as sops wrote it.
   */
  verifyMac: boolean;
}

export function defaultSopsDecryptOptions(): SopsDecryptOptions {
  return { verifyMac: true };
}

// sops MACOnlyEncryptedInitialization: sha256("sops"), so the two MAC modes never collide.
const macOnlyEncryptedInit = createHash('sha256').update('sops').digest();

/**
 * Decrypts a SOPS document with age keys (sops `Tree.Decrypt` + MAC check) and returns a copy
 * without its `sops` block. Throws SopsError with a reason that never holds key material or values.
 */
export async function decryptSopsDocument<T extends SopsDocument>(
  document: T,
  keys: DecryptionKeys,
  decrypter: Decrypter | undefined,
  options: SopsDecryptOptions = defaultSopsDecryptOptions(),
): Promise<T> {
  const metadata = parseSopsMetadata(fieldOf(document, 'sops'));
  const shouldBeEncrypted = encryptionPredicate(metadata.rules);
  const dataKey = await recoverDataKey(metadata, keys, decrypter);
  const mac = createHash('sha512');
  if (metadata.macOnlyEncrypted) mac.update(macOnlyEncryptedInit);

  const decryptLeaf = (value: SopsScalar, path: readonly string[]): SopsScalar => {
    const encrypted = shouldBeEncrypted(path);
    let plain = value;
    if (encrypted) {
      if (typeof value !== 'string') throw new SopsError(`value at ${pathOf(path)} is not encrypted`);
      try {
        plain = decryptValue(value, dataKey, `${path.join(':')}:`);
      } catch (err) {
        throw new SopsError(`value at ${pathOf(path)} ${(err as Error).message}`, { cause: err });
      }
    }
    if (!metadata.macOnlyEncrypted || encrypted) mac.update(macBytes(plain));
    return plain;
  };

  const plain = walkBranch(document, [], decryptLeaf, true) as T;
  if (options.verifyMac) verifyMac(metadata.mac, metadata.lastModified, dataKey, mac.digest('hex').toUpperCase());
  return plain;
}

function verifyMac(stored: string, lastModified: string, dataKey: Uint8Array, computed: string): void {
  if (stored === '') throw new SopsError('the document has no MAC to verify');
  let expected: SopsScalar;
  try {
    expected = decryptValue(stored, dataKey, lastModified);
  } catch (err) {
    throw new SopsError(`the MAC ${(err as Error).message}`, { cause: err });
  }
  const same =
    typeof expected === 'string' &&
    expected.length === computed.length &&
    timingSafeEqual(Buffer.from(expected), Buffer.from(computed));
  if (!same) throw new SopsError('MAC mismatch: the file was changed after encryption');
}

type LeafFn = (value: SopsScalar, path: readonly string[]) => SopsScalar;

// sops walkBranch/walkSlice: mapping keys extend the path, list items keep their parent's path.
function walkValue(value: unknown, path: readonly string[], leaf: LeafFn): unknown {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return leaf(value, path);
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((item) => walkValue(item, path, leaf));
  if (value instanceof Map || (typeof value === 'object' && !(value instanceof Date)))
    return walkBranch(value as SopsDocument, path, leaf, false);
  throw new SopsError(`value at ${pathOf(path)} has an unsupported type`);
}

function walkBranch(branch: SopsDocument, path: readonly string[], leaf: LeafFn, topLevel: boolean): SopsDocument {
  if (branch instanceof Map) {
    const out = new Map<unknown, unknown>();
    for (const [key, value] of branch) {
      if (topLevel && key === 'sops') continue;
      out.set(key, walkValue(value, [...path, String(key)], leaf));
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(branch)) {
    if (topLevel && key === 'sops') continue;
    out[key] = walkValue(value, [...path, key], leaf);
  }
  return out;
}

function fieldOf(document: SopsDocument, key: string): unknown {
  return document instanceof Map ? document.get(key) : document[key];
}

function pathOf(path: readonly string[]): string {
  return path.length === 0 ? '(top level)' : path.join(':');
}
