import { refOf, subjectOf, type Unstructured } from '@driftless/apply';
import { DecryptionError, SopsError } from './decryption-error.js';
import type { DecryptionKeys } from './decryption-keys.js';
import { createAgeDecrypter } from './sops-data-key.js';
import { decryptSopsDocument } from './sops-tree.js';

// The build step imports the whole decryption API from this file.
export { decryptionKeysFromSecret } from './decryption-keys.js';

export interface DecryptManifestsOptions {
  /**
   * Check each object's SOPS MAC. Off by default, as in Flux: kustomize sorts keys and its
   * transformers (namespace, labels, patches) change plaintext fields, so the MAC of a built object
   * rarely matches. Every encrypted value is still authenticated on its own (AES-GCM with its path).
   */
  verifyMac: boolean;
}

export function defaultDecryptManifestsOptions(): DecryptManifestsOptions {
  return { verifyMac: false };
}

/** Flux's opt-out annotation: `kustomize.toolkit.fluxcd.io/decrypt: disabled` leaves the object as built. */
export const decryptAnnotation = 'kustomize.toolkit.fluxcd.io/decrypt';

/** True when the object carries a top-level `sops` block and has not opted out. */
export function isSopsEncrypted(object: Unstructured): boolean {
  const annotation = object.metadata.annotations?.[decryptAnnotation];
  if (annotation !== undefined && annotation.toLowerCase() === 'disabled') return false;
  return object.sops !== undefined && object.sops !== null;
}

/**
 * Decrypts every object holding a top-level `sops` block (Secrets or any other kind) and drops the
 * block; other objects pass through unchanged. A Secret's `data` stays base64, as sops encrypted it.
 */
export async function decryptManifests(
  objects: Unstructured[],
  keys: DecryptionKeys,
  options: Partial<DecryptManifestsOptions> = {},
): Promise<Unstructured[]> {
  const opts = { ...defaultDecryptManifestsOptions(), ...options };
  if (!objects.some(isSopsEncrypted)) return objects;
  const decrypter = createAgeDecrypter(keys);
  const out: Unstructured[] = [];
  for (const object of objects) {
    if (!isSopsEncrypted(object)) {
      out.push(object);
      continue;
    }
    try {
      out.push(await decryptSopsDocument(object, keys, decrypter, { verifyMac: opts.verifyMac }));
    } catch (err) {
      const reason = err instanceof SopsError ? err.message : 'decryption failed';
      throw new DecryptionError(subjectOf(refOf(object)), reason, { cause: err });
    }
  }
  return out;
}
