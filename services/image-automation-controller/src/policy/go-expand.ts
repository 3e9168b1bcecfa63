// Go's Regexp.Expand, which Flux applies to `filterTags.extract`.

/** The groups of one regular-expression match. */
export interface Submatches {
  /** Index 0 is the whole match; `undefined` for a group that did not take part. */
  readonly groups: readonly (string | undefined)[];
  /** Group index by name. */
  readonly names: Readonly<Record<string, number>>;
}

interface Reference {
  readonly name: string;
  /** Characters of the template the reference takes, without the `$`. */
  readonly length: number;
}

const nameChar = /[\p{L}\p{Nd}_]/u;
// Go reads a name of up to nine digits (no leading zero) as a group number, anything else as a group name.
const groupNumber = /^(?:0|[1-9]\d{0,8})$/;

/** Expands `$1`, `$name`, `${name}` and `$$` in `template`; unknown or unmatched groups expand to ''. */
export function expandTemplate(template: string, match: Submatches): string {
  let out = '';
  let rest = template;
  for (let dollar = rest.indexOf('$'); dollar >= 0; dollar = rest.indexOf('$')) {
    out += rest.slice(0, dollar);
    rest = rest.slice(dollar + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const reference = readReference(rest);
    if (reference === undefined) {
      out += '$';
      continue;
    }
    out += groupValue(reference.name, match);
    rest = rest.slice(reference.length);
  }
  return out + rest;
}

function readReference(text: string): Reference | undefined {
  const braced = text.startsWith('{');
  let name = '';
  for (const char of braced ? text.slice(1) : text) {
    if (!nameChar.test(char)) break;
    name += char;
  }
  if (name === '') return undefined;
  if (!braced) return { name, length: name.length };
  if (text[name.length + 1] !== '}') return undefined;
  return { name, length: name.length + 2 };
}

function groupValue(name: string, match: Submatches): string {
  if (groupNumber.test(name)) return match.groups[Number(name)] ?? '';
  return Object.hasOwn(match.names, name) ? (match.groups[match.names[name]] ?? '') : '';
}
