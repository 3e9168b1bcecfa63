import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    { text: '30s', ms: 30_000 },
    { text: '1m30s', ms: 90_000 },
    { text: '500ms', ms: 500 },
    { text: '1h', ms: 3_600_000 },
    { text: '1.5h', ms: 5_400_000 },
    { text: '10m', ms: 600_000 },
    { text: '1h30m', ms: 5_400_000 },
    { text: '2h45m30s500ms', ms: 9_930_500 },
    { text: '0s', ms: 0 },
    { text: '1000us', ms: 1 },
    { text: '1000µs', ms: 1 },
    { text: '2000000ns', ms: 2 },
    { text: '0.5s', ms: 500 },
  ])('reads $text as $ms ms', ({ text, ms }) => {
    expect(parseDuration(text)).toBeCloseTo(ms, 9);
  });

  it.each([
    '',
    '30',
    's',
    '1d',
    '30 s',
    ' 30s',
    '30s ',
    '-5s',
    '1m 30s',
    '5S',
    '1.s',
    '.5s',
    'abc',
    '30sx',
    'x30s',
    '1h30',
  ])('rejects %j, naming the text', (text) => {
    expect(() => parseDuration(text)).toThrow(`"${text}" is not a duration`);
  });
});
