import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseTemplate } from './go-template.js';
import { goTyped } from './go-value.js';
import { sprigFunctions } from './sprig-functions.js';

function render(template: string, data: unknown = {}): string {
  return parseTemplate('t', template, { functions: sprigFunctions }).execute(data);
}

function failure(template: string, data: unknown = {}): string {
  try {
    render(template, data);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the template to fail');
}

describe('Sprig string functions', () => {
  it.each([
    ['{{ "Kind" | lower }} {{ "kind" | upper }}', 'kind KIND'],
    ['{{ "straße" | upper }}', 'STRAßE'],
    ['{{ "hello world-wide o\'neil_x" | title }}', "Hello World-Wide O'Neil_x"],
    ['{{ "Hello World" | untitle }}', 'hello world'],
    ['{{ trunc 3 "abcdef" }}|{{ trunc -2 "abcdef" }}|{{ trunc -10 "ab" }}|{{ trunc 10 "ab" }}', 'abc|ef|ab|ab'],
    ['{{ trimPrefix "v" "v1.2.3" }} {{ trimSuffix "-rc" "1.0-rc" }} {{ trimAll "$" "$5.00$" }}', '1.2.3 1.0 5.00'],
    ['[{{ `\u00a0 x \n` | trim }}] [{{ nospace " a b\tc" }}]', '[x] [abc]'],
    [
      '{{ contains "5.0.3" "podinfo:5.0.3" }} {{ hasPrefix "ghcr" "ghcr.io" }} {{ hasSuffix "io" "ghcr.io" }}',
      'true true true',
    ],
    ['{{ replace "." "-" "1.2.3" }} {{ replace "" "|" "ab" }}', '1-2-3 |a|b|'],
    ['{{ substr 1 3 "hello" }} {{ substr 2 -1 "hello" }} {{ substr -1 2 "hello" }}', 'el llo he'],
    [
      '{{ abbrev 5 "hello world" }} {{ abbrev 3 "hello world" }} {{ abbrevboth 5 10 "1234 5678 9123" }}',
      'he... hello world ...5678...',
    ],
    ['{{ initials "First Try" }} {{ initials "émile zola" }}', 'FT Ãz'],
    ['{{ repeat 3 "ab" }} {{ plural "one" "many" 1 }} {{ plural "one" "many" 2 }}', 'ababab one many'],
    ['{{ quote "a\\"b" 1 nil }} {{ squote "x" 2 }} {{ cat "a" 1 nil "b" }}', '"a\\"b" "1" \'x\' \'2\' a 1 b'],
    ['{{ indent 2 "a\\nb" }}{{ nindent 1 "c" }}', '  a\n  b\n c'],
    [
      '{{ wrap 5 "Hello World" }}|{{ wrapWith 5 "\\t" "Hello World" }}|{{ wrapWith 3 "/" "abcdefg" }}',
      'Hello\nWorld|Hello\tWorld|abc/def/g',
    ],
    ['{{ join "," (list 1 nil "b") }} {{ join "-" "solo" }} {{ splitList "/" "a/b" | last }}', '1,b solo b'],
    ['{{ toString 12 }} {{ toString .S }} {{ toString .M }}', '12 ns/name map[a:[1 2]]'],
  ])('%s', (template, expected) => {
    const data = { S: { String: () => 'ns/name' }, M: new Map([['a', [1, 2]]]) };
    expect(render(template, data)).toBe(expected);
  });

  it.each([
    ['snakecase', 'FirstName', 'first_name'],
    ['snakecase', 'HTTPServer', 'http_server'],
    ['snakecase', 'NoHTTPS', 'no_https'],
    ['snakecase', 'GO PATH', 'go_path'],
    ['snakecase', 'http2xx', 'http_2xx'],
    ['snakecase', 'HTTP20xOK', 'http_20x_ok'],
    ['snakecase', 'Bld4Floor3rd', 'bld4_floor_3rd'],
    ['kebabcase', 'Duration2m3s', 'duration-2m3s'],
    ['kebabcase', 'GO_PATH', 'go-path'],
    ['camelcase', 'http_server', 'httpServer'],
    ['camelcase', '_complex__case_', '_complex_Case_'],
    ['camelcase', 'GOLANG_IS_GREAT', 'golangIsGreat'],
    ['camelcase', '_', '__'],
  ])('%s %s is %s (xstrings v1.5)', (fn, input, expected) => {
    expect(render(`{{ ${fn} .In }}`, { In: input })).toBe(expected);
  });

  it('hashes and encodes as Sprig does', () => {
    const sha256 = createHash('sha256').update('podinfo').digest('hex');
    expect(render('{{ sha256sum "podinfo" }}')).toBe(sha256);
    expect(render('{{ sha1sum "abc" }}')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(render('{{ adler32sum "hello world" }}')).toBe('436929629');
    expect(render('{{ b64enc "test" }} {{ b64dec "dGVzdA==" }}')).toBe('dGVzdA== test');
  });

  it("returns Go's base64 error text from b64dec instead of failing", () => {
    expect(render('{{ b64dec "dGVzdA=" }}|{{ b64dec "dGV*" }}')).toBe(
      'illegal base64 data at input byte 7|illegal base64 data at input byte 3',
    );
  });
});

describe('Sprig lists and dicts', () => {
  it.each([
    [
      '{{ list 1 2 3 | first }} {{ list 1 2 3 | last }} {{ list 1 2 3 | rest }} {{ list 1 2 3 | initial }}',
      '1 3 [2 3] [1 2]',
    ],
    ['{{ list | first }} {{ list | rest }}', '<no value> []'],
    ['{{ append (list 1) 2 }} {{ prepend (list 1) 0 }} {{ list 1 2 | reverse }}', '[1 2] [0 1] [2 1]'],
    ['{{ list 1 1 "1" 2 | uniq }} {{ without (list 1 2 3 2) 2 }}', '[1 1 2] [1 3]'],
    ['{{ compact (list 0 "" "a" false nil 1) }}', '[a 1]'],
    ['{{ has 1 (list 1 2) }} {{ has "1" (list 1 2) }} {{ has 1 nil }}', 'true false false'],
    ['{{ list "b" "B" "a" 10 | sortAlpha }} {{ sortAlpha "x" }}', '[10 B a b] [x]'],
    ['{{ .Tags | sortAlpha | first }}', '1.0.0'],
  ])('%s', (template, expected) => {
    expect(render(template, { Tags: goTyped('[]string', ['2.0.0', '1.0.0']) })).toBe(expected);
  });

  it('fails on a list function given something other than a list', () => {
    expect(failure('{{ first "abc" }}')).toBe(
      'template: t:1:3: executing "t" at <first "abc">: error calling first: Cannot find first on type string',
    );
  });

  it('builds, reads and changes dicts', () => {
    const template =
      '{{ $d := dict "a" 1 "b" }}{{ get $d "a" }} [{{ get $d "z" }}] {{ hasKey $d "b" }} ' +
      '{{ keys $d | sortAlpha }} {{ set $d "c" 3 }} {{ pluck "a" $d (dict "a" 2) (dict) }}';
    expect(render(template)).toBe('1 [] true [a b] map[a:1 b: c:3] [1 2]');
  });

  it('rejects a map that is not map[string]interface {}, as Go cannot convert it', () => {
    const values = goTyped('map[string]string', new Map([['cluster', 'prod']]), '');
    expect(failure('{{ get .Values "cluster" }}', { Values: values })).toContain(
      'wrong type for value; expected map[string]interface {}; got map[string]string',
    );
  });
});

describe('Sprig defaults and logic', () => {
  it.each([
    ['{{ default "d" 0 }}', 'd'],
    ['{{ default "d" "" }}', 'd'],
    ['{{ default "d" (list) }}', 'd'],
    ['{{ default "d" (dict) }}', 'd'],
    ['{{ default "d" false }}', 'd'],
    ['{{ default "d" .Missing }}', 'd'],
    ['{{ default "d" }}', 'd'],
    ['{{ default "d" 1 }} {{ default "d" "x" }} {{ default "d" .Struct }}', '1 x {}'],
    ['{{ .Values.tag | default "latest" }}', 'latest'],
    ['{{ empty 0 }} {{ empty 0.0 }} {{ empty "a" }} {{ empty .Struct }}', 'true true false false'],
    ['{{ coalesce 0 "" "z" }} {{ coalesce 0 "" }}', 'z <no value>'],
    ['{{ ternary "yes" "no" true }} {{ true | ternary "yes" "no" }} {{ ternary "yes" "no" false }}', 'yes yes no'],
  ])('%s', (template, expected) => {
    const values = goTyped('map[string]string', new Map([['tag', '']]), '');
    expect(render(template, { Struct: {}, Values: values, Missing: undefined })).toBe(expected);
  });

  it('requires a bool for ternary', () => {
    expect(failure('{{ ternary "a" "b" 1 }}')).toContain('wrong type for value; expected bool; got int');
  });
});

describe('Sprig numbers', () => {
  it.each([
    ['{{ add 1 2 "3" }} {{ add }} {{ sub 5 7 }} {{ mul 2 3 4 }}', '6 0 -2 24'],
    ['{{ div 7 2 }} {{ div -7 2 }} {{ mod -7 2 }} {{ max 1 9 3 }} {{ min 4 2 }}', '3 -3 -1 9 2'],
    [
      '{{ int "42" }} {{ int64 "0x10" }} {{ int "010" }} {{ int "5.00" }} {{ int "5.5" }} {{ int 3.9 }} {{ int true }}',
      '42 16 8 5 0 3 1',
    ],
    ['{{ float64 "1.5" }} {{ float64 2 }} {{ float64 "x" }}', '1.5 2 0'],
    ['{{ atoi "12" }} {{ atoi "-3" }} {{ atoi "1.2" }} {{ atoi "0x1" }}', '12 -3 0 0'],
    ['{{ add1 .N }} {{ .N | int | add 1 }}', '42 42'],
  ])('%s', (template, expected) => {
    expect(render(template, { N: '41' })).toBe(expected);
  });

  it('fails to divide by zero as Go panics', () => {
    expect(failure('{{ div 1 0 }}')).toContain('error calling div: runtime error: integer divide by zero');
  });
});

describe('hermetic function map', () => {
  it.each(['now', 'date', 'env', 'expandenv', 'randAlphaNum', 'uuidv4', 'getHostByName'])(
    'leaves out %s, which Flux removes',
    (name) => {
      expect(sprigFunctions.has(name)).toBe(false);
      expect(failure(`{{ ${name} }}`)).toBe(`template: t:1: function "${name}" not defined`);
    },
  );
});
