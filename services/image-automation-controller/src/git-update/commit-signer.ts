import type { SignCallback } from 'isomorphic-git';
import { createMessage, decryptKey, type PrivateKey, readPrivateKeys, sign } from 'openpgp';
import { GitSigningKeyError } from './git-update-errors.js';
import type { CommitIdentity } from './git-update-types.js';

type SigningKey = NonNullable<CommitIdentity['signingKey']>;

/**
 * Reads and unlocks the key once (Flux: Secret keys `git.asc`, `passphrase`) and returns the
 * isomorphic-git `onSign` callback that makes a detached, armored OpenPGP signature of a commit.
 * openpgp's own messages are left out of the errors: they are about the key and help no one.
 */
export async function createCommitSigner(key: SigningKey): Promise<SignCallback> {
  const privateKey = await unlock(await readSingleKey(key.armoredPrivateKey), key.passphrase);
  return async ({ payload }) => {
    const message = await createMessage({ binary: new TextEncoder().encode(payload) });
    const signature = await sign({ message, signingKeys: privateKey, detached: true, format: 'armored' });
    return { signature };
  };
}

async function readSingleKey(armored: string): Promise<PrivateKey> {
  let keys: PrivateKey[];
  try {
    keys = await readPrivateKeys({ armoredKeys: armored });
  } catch {
    throw new GitSigningKeyError('could not read the OpenPGP signing key: not an armored private key');
  }
  if (keys.length !== 1) {
    throw new GitSigningKeyError(
      `found ${keys.length} OpenPGP keys in the signing key secret, could not determine which one to sign with`,
    );
  }
  return keys[0];
}

async function unlock(key: PrivateKey, passphrase: string | undefined): Promise<PrivateKey> {
  if (key.isDecrypted()) return key;
  if (passphrase === undefined) {
    throw new GitSigningKeyError("the OpenPGP signing key is protected by a passphrase, but no 'passphrase' is given");
  }
  try {
    return await decryptKey({ privateKey: key, passphrase });
  } catch {
    throw new GitSigningKeyError('could not decrypt the OpenPGP signing key: wrong passphrase');
  }
}
