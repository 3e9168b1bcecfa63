import { SopsError } from './decryption-error.js';
import type { KeyKind } from './decryption-keys.js';

export interface AgeRecipient {
  recipient: string;
  /** The data key, encrypted to `recipient` as an ASCII-armored age file. */
  enc: string;
}

/** Which values sops encrypted: at most one of these is set (sops defaults to `unencryptedSuffix`). */
export interface EncryptionRules {
  unencryptedSuffix?: string;
  encryptedSuffix?: string;
  unencryptedRegex?: string;
  encryptedRegex?: string;
}

/** The `sops` block of an encrypted document, as far as age decryption needs it. */
export interface SopsMetadata {
  age: AgeRecipient[];
  /** Master keys of kinds this controller cannot use, with a name to show (fingerprint, ARN, …). */
  otherKeys: Array<{ kind: Exclude<KeyKind, 'age'>; id: string }>;
  /** More than one key group means the data key is split with Shamir's scheme. */
  keyGroupCount: number;
  rules: EncryptionRules;
  lastModified: string;
  mac: string;
  macOnlyEncrypted: boolean;
}

type Fields = Record<string, unknown>;

const otherKeyFields: Array<[string, Exclude<KeyKind, 'age'>, string]> = [
  ['pgp', 'pgp', 'fp'],
  ['kms', 'aws-kms', 'arn'],
  ['gcp_kms', 'gcp-kms', 'resource_id'],
  ['azure_kv', 'azure-kv', 'vault_url'],
  ['hc_vault', 'vault-token', 'vault_address'],
];

const ruleFields: Array<[string, keyof EncryptionRules]> = [
  ['unencrypted_suffix', 'unencryptedSuffix'],
  ['encrypted_suffix', 'encryptedSuffix'],
  ['unencrypted_regex', 'unencryptedRegex'],
  ['encrypted_regex', 'encryptedRegex'],
];

/** Reads the `sops` block (a plain object or a `Map` from `yaml`'s `mapAsMap`), checking its shape. */
export function parseSopsMetadata(raw: unknown): SopsMetadata {
  const block = asFields(raw, 'the sops metadata');
  for (const field of ['encrypted_comment_regex', 'unencrypted_comment_regex']) {
    if (block[field]) throw new SopsError(`sops metadata uses ${field}, which is not supported`);
  }
  const groups = keyGroups(block);
  const age: AgeRecipient[] = [];
  const otherKeys: SopsMetadata['otherKeys'] = [];
  for (const group of groups) {
    for (const entry of list(group.age, 'age')) {
      const fields = asFields(entry, 'an age entry');
      age.push({ recipient: text(fields.recipient, 'age recipient'), enc: text(fields.enc, 'age enc') });
    }
    for (const [field, kind, idField] of otherKeyFields) {
      for (const entry of list(group[field], field)) {
        otherKeys.push({ kind, id: String(asFields(entry, `a ${field} entry`)[idField] ?? '') });
      }
    }
  }
  return {
    age,
    otherKeys,
    keyGroupCount: groups.length,
    rules: encryptionRules(block),
    lastModified: lastModified(block.lastmodified),
    mac: typeof block.mac === 'string' ? block.mac : '',
    macOnlyEncrypted: block.mac_only_encrypted === true,
  };
}

function keyGroups(block: Fields): Fields[] {
  const groups = list(block.key_groups, 'key_groups').map((group) => asFields(group, 'a key group'));
  const flat = ['age', ...otherKeyFields.map(([field]) => field)].some((field) => list(block[field], field).length);
  if (flat || groups.length === 0) return [block];
  return groups;
}

function encryptionRules(block: Fields): EncryptionRules {
  const rules: EncryptionRules = {};
  for (const [field, key] of ruleFields) {
    if (block[field] !== undefined && block[field] !== null && block[field] !== '') {
      rules[key] = text(block[field], field);
    }
  }
  const count = Object.keys(rules).length;
  if (count > 1) throw new SopsError('sops metadata sets more than one of encrypted/unencrypted suffix/regex');
  if (count === 0) rules.unencryptedSuffix = '_unencrypted';
  return rules;
}

/**
 * The MAC's additional data is `lastmodified` re-formatted by Go's time.RFC3339: fractional seconds
 * dropped and a zero offset written as `Z`.
 */
function lastModified(raw: unknown): string {
  const value = raw instanceof Date ? raw.toISOString() : raw;
  if (value === undefined || value === null || value === '') return '';
  const match = /^(\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d)(?:\.\d+)?([Zz]|[+-]\d\d:\d\d)$/.exec(String(value));
  if (!match) throw new SopsError('sops metadata has a lastmodified that is not an RFC 3339 time');
  const [, time, zone] = match as unknown as [string, string, string];
  const utc = zone === 'Z' || zone === 'z' || zone === '+00:00' || zone === '-00:00';
  return `${time.replace('t', 'T')}${utc ? 'Z' : zone}`;
}

function asFields(value: unknown, what: string): Fields {
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), v]));
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Fields;
  throw new SopsError(`${what} is not a mapping`);
}

function list(value: unknown, field: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new SopsError(`sops metadata field ${field} is not a list`);
  return value;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw new SopsError(`sops metadata field ${field} is missing`);
  return value;
}
