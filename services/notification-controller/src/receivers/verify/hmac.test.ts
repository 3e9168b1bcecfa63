import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkHexHmac, type HmacAlgorithm, parsePrefixedSignature, SignatureCheck, secretMatches } from './hmac.js';

const body = Buffer.from('{"hello":"world"}');
const token = 'hmac-token';
const sign = (algorithm: HmacAlgorithm, key = token, bytes = body) =>
  createHmac(algorithm, key).update(bytes).digest('hex');

describe('checkHexHmac', () => {
  it.each([
    { case: 'valid sha1', algorithm: 'sha1', hex: sign('sha1'), expected: SignatureCheck.Valid },
    { case: 'valid sha256', algorithm: 'sha256', hex: sign('sha256'), expected: SignatureCheck.Valid },
    { case: 'valid sha512', algorithm: 'sha512', hex: sign('sha512'), expected: SignatureCheck.Valid },
    { case: 'upper-case hex', algorithm: 'sha256', hex: sign('sha256').toUpperCase(), expected: SignatureCheck.Valid },
    { case: 'other key', algorithm: 'sha256', hex: sign('sha256', 'other'), expected: SignatureCheck.Mismatch },
    {
      case: 'other body',
      algorithm: 'sha256',
      hex: sign('sha256', token, Buffer.from('{}')),
      expected: SignatureCheck.Mismatch,
    },
    { case: 'sha1 digest for sha256', algorithm: 'sha256', hex: sign('sha1'), expected: SignatureCheck.Malformed },
    { case: 'truncated', algorithm: 'sha256', hex: sign('sha256').slice(2), expected: SignatureCheck.Malformed },
    { case: 'not hex', algorithm: 'sha1', hex: 'z'.repeat(40), expected: SignatureCheck.Malformed },
    { case: 'empty', algorithm: 'sha1', hex: '', expected: SignatureCheck.Malformed },
  ] as const)('$case → $expected', ({ algorithm, hex, expected }) => {
    expect(checkHexHmac(algorithm, token, body, hex)).toBe(expected);
  });
});

describe('parsePrefixedSignature', () => {
  it.each([
    { value: 'sha256=abcd', expected: { algorithm: 'sha256', hex: 'abcd' } },
    { value: 'sha1=', expected: { algorithm: 'sha1', hex: '' } },
    { value: 'md5=abcd', expected: undefined },
    { value: 'SHA256=abcd', expected: undefined },
    { value: 'abcd', expected: undefined },
    { value: 'sha512=abcd', expected: undefined },
  ])('$value', ({ value, expected }) => {
    expect(parsePrefixedSignature(value, ['sha1', 'sha256'])).toEqual(expected);
  });
});

describe('secretMatches', () => {
  it.each([
    { presented: token, expected: true },
    { presented: `${token}x`, expected: false },
    { presented: token.slice(1), expected: false },
    { presented: '', expected: false },
    { presented: token.toUpperCase(), expected: false },
  ])('"$presented" → $expected', ({ presented, expected }) => {
    expect(secretMatches(presented, token)).toBe(expected);
  });
});
