import { armor, Decrypter } from 'age-encryption';
import { SopsError } from './decryption-error.js';
import { type DecryptionKeys, keyKindLabel } from './decryption-keys.js';
import type { SopsMetadata } from './sops-metadata.js';

const dataKeyBytes = 32;

/** One age Decrypter holding every identity, built once per set of keys. */
export function createAgeDecrypter(keys: DecryptionKeys): Decrypter | undefined {
  if (keys.ageIdentities.length === 0) return undefined;
  const decrypter = new Decrypter();
  for (const identity of keys.ageIdentities) decrypter.addIdentity(identity);
  return decrypter;
}

/** Recovers the document's AES data key from its age stanzas (sops `GetDataKey`, age only). */
export async function recoverDataKey(
  metadata: SopsMetadata,
  keys: DecryptionKeys,
  decrypter: Decrypter | undefined,
): Promise<Uint8Array> {
  if (metadata.keyGroupCount > 1) {
    throw new SopsError(`the data key is split across ${metadata.keyGroupCount} key groups (Shamir), not supported`);
  }
  if (metadata.age.length === 0) throw new SopsError(noAgeRecipientReason(metadata, keys));
  const recipients = metadata.age.map((entry) => entry.recipient).join(', ');
  if (!decrypter) {
    throw new SopsError(
      `no age identity to decrypt with (the decryption Secret has no *.agekey entry) for recipients ${recipients}` +
        unsupportedNote(metadata, keys),
    );
  }
  let failure: { recipient: string; cause: unknown } | undefined;
  for (const entry of metadata.age) {
    try {
      const dataKey = await decrypter.decrypt(armor.decode(entry.enc), 'uint8array');
      if (dataKey.length !== dataKeyBytes) throw new SopsError(`data key is ${dataKey.length} bytes, not 32`);
      return dataKey;
    } catch (err) {
      if (!isNoMatch(err)) failure ??= { recipient: entry.recipient, cause: err };
    }
  }
  if (failure) {
    throw new SopsError(`the age-encrypted data key for recipient ${failure.recipient} is corrupt`, {
      cause: failure.cause,
    });
  }
  throw new SopsError(`no age identity matches recipients ${recipients}${unsupportedNote(metadata, keys)}`);
}

function isNoMatch(err: unknown): boolean {
  return err instanceof Error && /no identity matched/i.test(err.message);
}

function noAgeRecipientReason(metadata: SopsMetadata, keys: DecryptionKeys): string {
  if (metadata.otherKeys.length === 0) return 'the sops metadata lists no master key';
  const listed = metadata.otherKeys.map((key) => `${keyKindLabel[key.kind]} ${key.id}`.trim()).join(', ');
  return `encrypted only for ${listed}; only age keys are supported${unsupportedNote(metadata, keys)}`;
}

/** Names the decryption Secret entries of kinds the document also uses, so the user sees why they were ignored. */
function unsupportedNote(metadata: SopsMetadata, keys: DecryptionKeys): string {
  const kinds = new Set(metadata.otherKeys.map((key) => key.kind));
  const ignored = keys.unsupported.filter((key) => kinds.has(key.kind));
  if (ignored.length === 0) return '';
  const labels = [...new Set(ignored.map((key) => keyKindLabel[key.kind]))].join(', ');
  return ` (${labels} keys are not supported: ${ignored.map((key) => key.entry).join(', ')} ignored)`;
}
