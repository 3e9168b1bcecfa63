import { parseAllDocuments, stringify } from 'yaml';
import { DecryptionError, SopsError } from './decryption-error.js';
import type { DecryptionKeys } from './decryption-keys.js';
import { createAgeDecrypter } from './sops-data-key.js';
import { decryptSopsDocument } from './sops-tree.js';

export interface DecryptSopsYamlOptions {
  /** Names the file in errors: its path relative to the artifact root. */
  subject: string;
  /** The file is read as sops wrote it (key order kept), so its MAC can and should be checked. */
  verifyMac: boolean;
}

export function defaultDecryptSopsYamlOptions(): DecryptSopsYamlOptions {
  return { subject: 'document', verifyMac: true };
}

/**
 * Decrypts a SOPS-encrypted YAML file (one document) and returns it as plain YAML without the
 * `sops` block. Key order is kept, so the MAC covers exactly what sops hashed.
 */
export async function decryptSopsYaml(
  text: string,
  keys: DecryptionKeys,
  options: Partial<DecryptSopsYamlOptions> = {},
): Promise<string> {
  const opts = { ...defaultDecryptSopsYamlOptions(), ...options };
  try {
    const document = parseSingleMapping(text);
    const plain = await decryptSopsDocument(document, keys, createAgeDecrypter(keys), { verifyMac: opts.verifyMac });
    return stringify(plain);
  } catch (err) {
    const reason = err instanceof SopsError ? err.message : 'decryption failed';
    throw new DecryptionError(opts.subject, reason, { cause: err });
  }
}

function parseSingleMapping(text: string): Map<unknown, unknown> {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents)) throw new SopsError('is empty');
  if (documents.length !== 1) throw new SopsError('multi-document SOPS YAML is not supported');
  const [document] = documents as [(typeof documents)[number]];
  if (document.errors.length > 0) throw new SopsError(`is not valid YAML: ${document.errors[0]?.code}`);
  const root = document.toJS({ mapAsMap: true }) as unknown;
  if (!(root instanceof Map) || !root.has('sops')) throw new SopsError('has no top-level sops metadata');
  return root;
}
