import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SopsError } from './decryption-error.js';
import { decryptValue, formatGoNumber, isEncryptedValue, macBytes } from './sops-format.js';

const key = randomBytes(32);

function encrypt(plain: string, type: string, additionalData: string, iv = randomBytes(32)): string {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(additionalData));
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `ENC[AES256_GCM,data:${data.toString('base64')},iv:${iv.toString('base64')},tag:${tag.toString('base64')},type:${type}]`;
}

describe('decryptValue', () => {
  it.each([
    ['str', 'hunter2', 'hunter2'],
    ['int', '42', 42],
    ['int', '-7', -7],
    ['float', '3.25', 3.25],
    ['bool', 'True', true],
    ['bool', 'False', false],
    ['bytes', 'raw', 'raw'],
  ])('decodes type %s %j', (type, plain, expected) => {
    expect(decryptValue(encrypt(plain, type, 'a:b:'), key, 'a:b:')).toEqual(expected);
  });

  it('leaves an empty string empty, as sops never encrypts it', () => {
    expect(decryptValue('', key, 'a:')).toBe('');
  });

  it('fails authentication when the value sits under another path', () => {
    const value = encrypt('secret', 'str', 'stringData:password:');
    expect(() => decryptValue(value, key, 'stringData:username:')).toThrow(SopsError);
    expect(() => decryptValue(value, key, 'stringData:username:')).toThrow('failed authentication');
  });

  it('fails authentication with another data key', () => {
    const value = encrypt('secret', 'str', 'a:');
    expect(() => decryptValue(value, randomBytes(32), 'a:')).toThrow('failed authentication');
  });

  it('rejects a truncated tag instead of accepting a shorter MAC', () => {
    const value = encrypt('secret', 'str', 'a:').replace(/tag:[^,]+,/, 'tag:AAAAAAAA,');
    expect(() => decryptValue(value, key, 'a:')).toThrow('truncated authentication tag');
  });

  it.each([
    ['not ENC at all', 'plain', 'is not in the SOPS ENC'],
    ['an unknown type', encrypt('x', 'complex', 'a:'), 'unknown type "complex"'],
    ['an int that does not parse', encrypt('4x', 'int', 'a:'), 'int that does not parse'],
  ])('rejects %s without quoting the value', (_name, value, reason) => {
    expect(() => decryptValue(value, key, 'a:')).toThrow(reason);
  });

  it('recognises the ENC[…] format', () => {
    expect(isEncryptedValue(encrypt('x', 'str', 'a:'))).toBe(true);
    expect(isEncryptedValue('ENC[nope]')).toBe(false);
    expect(isEncryptedValue(3)).toBe(false);
  });
});

describe('macBytes', () => {
  it.each([
    ['text', 'text'],
    [true, 'True'],
    [false, 'False'],
    [42, '42'],
    [1.5, '1.5'],
    [1e21, '1000000000000000000000'],
    [1.5e-7, '0.00000015'],
    [-2.5e-8, '-0.000000025'],
  ])('formats %j as Go does: %s', (value, expected) => {
    expect(macBytes(value).toString('utf8')).toBe(expected);
  });

  it('formats non-finite numbers like Go', () => {
    expect(formatGoNumber(Number.POSITIVE_INFINITY)).toBe('+Inf');
    expect(formatGoNumber(Number.NaN)).toBe('NaN');
  });
});
