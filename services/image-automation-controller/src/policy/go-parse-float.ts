// Go's strconv.ParseFloat(s, 64), which Flux's numerical policy uses to read tags.

const specialValue = /^(?:([+-]?)(?:inf|infinity)|nan)$/i;
const decimalShape = /^[+-]?([\d_]*(?:\.[\d_]*)?)(?:[eE][+-]?\d[\d_]*)?$/;
const hexShape = /^[+-]?0[xX]([\da-fA-F_]*(?:\.[\da-fA-F_]*)?)[pP]([+-]?\d[\d_]*)$/;

/** The number `text` spells by Go's rules, or `undefined` for a syntax or range error. */
export function parseGoFloat(text: string): number | undefined {
  const special = specialValue.exec(text);
  if (special) return special[1] === undefined ? Number.NaN : special[1] === '-' ? -Infinity : Infinity;
  if (text.includes('_') && !underscoresSeparateDigits(text)) return undefined;
  const value = isHexPrefixed(text) ? parseHexFloat(text) : parseDecimalFloat(text);
  return value === undefined || !Number.isFinite(value) ? undefined : value;
}

function isHexPrefixed(text: string): boolean {
  return /^[+-]?0[xX]./.test(text);
}

function parseDecimalFloat(text: string): number | undefined {
  const m = decimalShape.exec(text);
  if (!m || !/\d/.test(m[1])) return undefined;
  return Number(text.replaceAll('_', ''));
}

function parseHexFloat(text: string): number | undefined {
  const m = hexShape.exec(text);
  if (!m || !/[\da-fA-F]/.test(m[1])) return undefined;
  const [whole, fraction = ''] = m[1].replaceAll('_', '').split('.');
  const mantissa = Number(BigInt(`0x${whole}${fraction}`));
  const exponent = Number(m[2].replaceAll('_', '')) - 4 * fraction.length;
  const magnitude = mantissa === 0 ? 0 : scaleByPowerOfTwo(mantissa, exponent);
  return text.startsWith('-') ? -magnitude : magnitude;
}

// 2 ** e alone underflows or overflows long before mantissa * 2 ** e does.
function scaleByPowerOfTwo(value: number, exponent: number): number {
  let result = value;
  let rest = exponent;
  while (rest > 1000 && Number.isFinite(result)) {
    result *= 2 ** 1000;
    rest -= 1000;
  }
  while (rest < -1000 && result !== 0) {
    result *= 2 ** -1000;
    rest += 1000;
  }
  return result * 2 ** rest;
}

/** Go's underscoreOK: `_` only between digits, or between a base prefix and a digit. */
function underscoresSeparateDigits(text: string): boolean {
  const unsigned = text.replace(/^[+-]/, '');
  const hex = /^0[xX]/.test(unsigned);
  let previous: 'start' | 'digit' | 'underscore' | 'other' = hex ? 'digit' : 'start';
  for (const char of hex ? unsigned.slice(2) : unsigned) {
    if (hex ? /[\da-fA-F]/.test(char) : /\d/.test(char)) {
      previous = 'digit';
    } else if (char === '_') {
      if (previous !== 'digit') return false;
      previous = 'underscore';
    } else {
      if (previous === 'underscore') return false;
      previous = 'other';
    }
  }
  return previous !== 'underscore';
}
