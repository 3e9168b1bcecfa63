import { createDecipheriv } from 'node:crypto';
import { SopsError } from './decryption-error.js';

/** A leaf of a SOPS tree once decrypted: what YAML/JSON scalars decode to. */
export type SopsScalar = string | number | boolean;

interface EncryptedValue {
  data: Buffer;
  iv: Buffer;
  tag: Buffer;
  type: string;
}

// sops aes/cipher.go: ENC[AES256_GCM,data:<b64>,iv:<b64>,tag:<b64>,type:<str|int|float|bool|bytes|comment>]
const encryptedPattern = /^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]/;
const gcmTagBytes = 16;

export function isEncryptedValue(value: unknown): value is string {
  return typeof value === 'string' && encryptedPattern.test(value);
}

function parseEncryptedValue(value: string): EncryptedValue {
  const match = encryptedPattern.exec(value);
  if (!match) throw new SopsError('is not in the SOPS ENC[AES256_GCM,…] format');
  const [, data, iv, tag, type] = match as unknown as [string, string, string, string, string];
  return { data: decodeBase64(data, 'data'), iv: decodeBase64(iv, 'iv'), tag: decodeBase64(tag, 'tag'), type };
}

function decodeBase64(text: string, field: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw new SopsError(`has an invalid base64 ${field}`);
  }
  return Buffer.from(text, 'base64');
}

/**
 * Decrypts one `ENC[…]` value with the data key; `additionalData` is the value's path (`a:b:c:`),
 * or the `lastmodified` timestamp for the MAC. An empty string is left empty, as sops never encrypts it.
 */
export function decryptValue(value: string, dataKey: Uint8Array, additionalData: string): SopsScalar {
  if (value === '') return '';
  const encrypted = parseEncryptedValue(value);
  if (encrypted.tag.length !== gcmTagBytes) throw new SopsError('has a truncated authentication tag');
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', dataKey, encrypted.iv, { authTagLength: gcmTagBytes });
    decipher.setAAD(Buffer.from(additionalData, 'utf8'));
    decipher.setAuthTag(encrypted.tag);
    plain = Buffer.concat([decipher.update(encrypted.data), decipher.final()]);
  } catch (err) {
    throw new SopsError('failed authentication: the value was changed, moved or encrypted with another data key', {
      cause: err,
    });
  }
  return typedValue(plain.toString('utf8'), encrypted.type);
}

function typedValue(text: string, type: string): SopsScalar {
  switch (type) {
    case 'str':
    case 'bytes':
    case 'comment':
      return text;
    case 'int':
    case 'int64':
      if (!/^[+-]?\d+$/.test(text)) throw new SopsError('holds an int that does not parse');
      return Number(text);
    case 'float': {
      const number = Number(text);
      if (text.trim() === '' || Number.isNaN(number)) throw new SopsError('holds a float that does not parse');
      return number;
    }
    case 'bool':
      return parseGoBool(text);
    default:
      throw new SopsError(`has the unknown type "${type}"`);
  }
}

// Go's strconv.ParseBool, which sops uses.
function parseGoBool(text: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  throw new SopsError('holds a bool that does not parse');
}

/** The bytes a leaf adds to the MAC: sops `ToBytes` (Go formatting of numbers, `True`/`False`). */
export function macBytes(value: SopsScalar): Buffer {
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (typeof value === 'boolean') return Buffer.from(value ? 'True' : 'False');
  return Buffer.from(formatGoNumber(value));
}

/** Go's `strconv.FormatFloat(v, 'f', -1, 64)`: shortest digits, never an exponent. */
export function formatGoNumber(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';
  if (Number.isInteger(value)) return BigInt(value).toString();
  const text = String(value);
  const exponent = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!exponent) return text;
  const [, sign, lead, rest = '', exp] = exponent as unknown as [string, string, string, string | undefined, string];
  const shift = Number(exp);
  // Integers are handled above, so only negative exponents (tiny fractions) reach here.
  return `${sign}0.${'0'.repeat(-shift - 1)}${lead}${rest}`;
}
