import { describe, expect, it } from 'vitest';
import { matchesFormat, supportedFormat } from './string-formats.js';

describe('string formats', () => {
  it.each([
    ['date-time', '2024-01-02T03:04:05Z', true],
    ['date-time', '2024-01-02T03:04:05.123+02:00', true],
    ['date-time', 'yesterday', false],
    ['date', '2024-01-02', true],
    ['date', '2024-01-02T00:00:00Z', false],
    ['ipv4', '10.0.0.1', true],
    ['ipv4', '10.0.0.256', false],
    ['ipv6', '::1', true],
    ['ipv6', 'fe80::1:2:3:4', true],
    ['ipv6', '1:2:3', false],
    ['cidr', '10.0.0.0/8', true],
    ['cidr', '10.0.0.0', false],
    ['uuid', '123e4567-e89b-12d3-a456-426614174000', true],
    ['uuid', 'not-a-uuid', false],
    ['byte', 'aGVsbG8=', true],
    ['byte', 'not base64!', false],
    ['hostname', 'example.com', true],
    ['hostname', '-bad-.com', false],
    ['uri', 'https://example.com/x', true],
    ['uri', 'not a uri', false],
    ['duration', '1h30m', true],
    ['duration', 'soon', false],
    ['email', 'a@b.c', true],
  ])('%s accepts %s: %s', (format, value, ok) => {
    expect(matchesFormat(format, value)).toBe(ok);
  });

  it.each([
    ['date-time', 'date-time'],
    ['int32', undefined],
    ['int-or-string', undefined],
    [undefined, undefined],
  ])('validates format %s: %s', (format, supported) => {
    expect(supportedFormat(format)).toBe(supported);
  });
});
