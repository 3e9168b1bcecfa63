import { describe, expect, it } from 'vitest';
import { withThinPack } from './git-http-client.js';

function pkt(line: string): string {
  return (line.length + 4).toString(16).padStart(4, '0') + line;
}

describe('withThinPack', () => {
  it('adds thin-pack to the first want line and fixes its length', () => {
    const want = `want ${'a'.repeat(40)} multi_ack_detailed ofs-delta agent=x\n`;
    const rest = `${pkt(`have ${'b'.repeat(40)}\n`)}0009done\n`;
    const out = withThinPack(Buffer.from(pkt(want) + rest, 'latin1')).toString('latin1');
    expect(out).toBe(pkt(`want ${'a'.repeat(40)} multi_ack_detailed ofs-delta agent=x thin-pack\n`) + rest);
  });

  it('leaves other bodies alone', () => {
    const already = Buffer.from(pkt(`want ${'a'.repeat(40)} thin-pack\n`), 'latin1');
    expect(withThinPack(already)).toBe(already);
    const command = Buffer.from(pkt('command=ls-refs\n'), 'latin1');
    expect(withThinPack(command)).toBe(command);
    const junk = Buffer.from('zzzz', 'latin1');
    expect(withThinPack(junk)).toBe(junk);
  });
});
