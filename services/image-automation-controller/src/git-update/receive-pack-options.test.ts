import { describe, expect, it } from 'vitest';
import { withPushOptions } from './receive-pack-options.js';

const zero = '0'.repeat(40);
const one = '1'.repeat(40);

function pkt(text: string): string {
  return (Buffer.byteLength(text) + 4).toString(16).padStart(4, '0') + text;
}

describe('withPushOptions', () => {
  const commands = pkt(`${zero} ${one} refs/heads/main\0 report-status side-band-64k\n`) + '0000';
  const request = Buffer.from(`${commands}PACK...`, 'latin1');

  it('adds the capability and an option section between the commands and the pack', () => {
    const out = withPushOptions(request, ['ci.skip', 'merge_request.target=release']).toString('latin1');

    expect(out).toBe(
      pkt(`${zero} ${one} refs/heads/main\0 report-status side-band-64k push-options\n`) +
        '0000' +
        pkt('ci.skip') +
        pkt('merge_request.target=release') +
        '0000PACK...',
    );
  });

  it('leaves the request alone without options', () => {
    expect(withPushOptions(request, [])).toBe(request);
  });

  it('refuses a request it cannot parse', () => {
    expect(() => withPushOptions(Buffer.from('zzzz'), ['a'])).toThrow(/malformed/);
  });
});
