import { describe, expect, it } from 'vitest';
import { parseTemplate } from './go-template.js';
import { goStruct } from './go-value.js';

const render = (text: string, data: unknown = {}) => parseTemplate('t', text).execute(data);

describe('text, trim markers and comments', () => {
  it.each([
    ['plain text', 'hello\nworld', 'hello\nworld'],
    ['left trim eats spaces and newlines before', 'a \n\t {{- "b" }}', 'ab'],
    ['right trim eats spaces and newlines after', '{{ "a" -}} \n\n b', 'ab'],
    ['both trims', 'x\n  {{- "y" -}}\n  z', 'xyz'],
    ['a dash without a space is a number, not a trim', 'a {{-3}} b', 'a -3 b'],
    ['comment', 'a{{/* note */}}b', 'ab'],
    ['trimmed comment', 'a \n{{- /* note */ -}}\n b', 'ab'],
    ['raw string keeps backslashes', '{{ `a\\nb` }}', 'a\\nb'],
    ['interpreted string escapes', '{{ "tab\\there" }}', 'tab\there'],
  ])('%s', (_, text, expected) => {
    expect(render(text)).toBe(expected);
  });
});

describe('fields, variables and pipelines', () => {
  const data = { Name: 'podinfo', Image: { Tag: '5.0.3' }, Tags: ['a', 'b'] };

  it.each([
    ['field chain', '{{ .Image.Tag }}', '5.0.3'],
    ['$ is the data', '{{ with .Image }}{{ $.Name }}:{{ .Tag }}{{ end }}', 'podinfo:5.0.3'],
    ['declare and read', '{{ $x := .Name }}{{ $x }}', 'podinfo'],
    ['assign changes the outer variable', '{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}', '2'],
    ['variable field', '{{ $i := .Image }}{{ $i.Tag }}', '5.0.3'],
    ['pipeline passes the value last', '{{ .Name | printf "%s-%s" "app" }}', 'app-podinfo'],
    ['parenthesised pipeline', '{{ printf "%s/%d" (.Name) (len .Tags) }}', 'podinfo/2'],
    ['field of a parenthesised pipeline', '{{ (.Image).Tag }}', '5.0.3'],
    ['declaring action prints nothing', '{{ $x := 5 }}', ''],
  ])('%s', (_, text, expected) => {
    expect(render(text, data)).toBe(expected);
  });

  it('promotes fields of embedded structs', () => {
    const inner = goStruct('yaml.TypeMeta', { Kind: 'Deployment' });
    const outer = goStruct('update.ObjectIdentifier', { TypeMeta: inner }, ['TypeMeta']);
    expect(render('{{ .Kind }} {{ . }}', outer)).toBe('Deployment {{Deployment}}');
  });

  it('calls function members as niladic methods', () => {
    const data = { Greeting: () => 'hi', Name: 'x' };
    expect(render('{{ .Greeting }} {{ . }}', data)).toBe('hi {x}');
  });
});

describe('if, with and range', () => {
  it.each([
    ['if true', '{{ if .A }}yes{{ end }}', { A: 1 }, 'yes'],
    ['if empty string is false', '{{ if .A }}yes{{ else }}no{{ end }}', { A: '' }, 'no'],
    ['else if chain', '{{ if eq .A 1 }}one{{ else if eq .A 2 }}two{{ else }}many{{ end }}', { A: 2 }, 'two'],
    ['structs are always true', '{{ if .A }}yes{{ end }}', { A: {} }, 'yes'],
    ['with sets dot', '{{ with .A }}[{{ . }}]{{ end }}', { A: 'v' }, '[v]'],
    ['with else', '{{ with .A }}[{{ . }}]{{ else }}none{{ end }}', { A: [] }, 'none'],
    ['else with', '{{ with .A }}a{{ else with .B }}b={{ . }}{{ end }}', { A: 0, B: 'x' }, 'b=x'],
    ['range slice', '{{ range .L }}<{{ . }}>{{ end }}', { L: ['a', 'b'] }, '<a><b>'],
    ['range index and element', '{{ range $i, $e := .L }}{{ $i }}={{ $e }} {{ end }}', { L: ['a', 'b'] }, '0=a 1=b '],
    ['range one variable is the element', '{{ range $e := .L }}{{ $e }}{{ end }}', { L: ['a', 'b'] }, 'ab'],
    ['range else on empty', '{{ range .L }}x{{ else }}empty{{ end }}', { L: [] }, 'empty'],
    ['range over missing key is empty', '{{ range .M.x }}x{{ else }}empty{{ end }}', { M: new Map() }, 'empty'],
    ['range over an int', '{{ range 3 }}{{ . }}{{ end }}', {}, '012'],
    ['break', '{{ range .L }}{{ if eq . "b" }}{{ break }}{{ end }}{{ . }}{{ end }}', { L: ['a', 'b', 'c'] }, 'a'],
    [
      'continue',
      '{{ range .L }}{{ if eq . "b" }}{{ continue }}{{ end }}{{ . }}{{ end }}',
      { L: ['a', 'b', 'c'] },
      'ac',
    ],
    ['body variables do not outlive an iteration', '{{ range .L }}{{ $x := . }}{{ $x }}{{ end }}', { L: [1, 2] }, '12'],
  ])('%s', (_, text, data, expected) => {
    expect(render(text, data)).toBe(expected);
  });
});

describe('map key order', () => {
  it('ranges string keys in byte order', () => {
    const data = new Map([
      ['b', 2],
      ['B', 3],
      ['a', 1],
      ['é', 4],
    ]);
    expect(render('{{ range $k, $v := . }}{{ $k }}={{ $v }} {{ end }}', data)).toBe('B=3 a=1 b=2 é=4 ');
  });

  it('ranges int keys numerically', () => {
    const data = new Map([
      [10, 'ten'],
      [9, 'nine'],
      [-1, 'minus'],
    ]);
    expect(render('{{ range $k, $v := . }}{{ $k }}:{{ $v }} {{ end }}', data)).toBe('-1:minus 9:nine 10:ten ');
  });

  it('ranges struct keys field by field', () => {
    const key = (a: string, b: string) => goStruct('k', { A: a, B: b });
    const data = new Map([
      [key('y', 'a'), 1],
      [key('x', 'b'), 2],
      [key('x', 'a'), 3],
    ]);
    expect(render('{{ range $k, $v := . }}{{ $k.A }}{{ $k.B }}={{ $v }} {{ end }}', data)).toBe('xa=3 xb=2 ya=1 ');
  });

  it('prints maps sorted, and reads string keys as fields', () => {
    const data = {
      M: new Map<string, unknown>([
        ['z', [1, 2]],
        ['a', 'x'],
      ]),
    };
    expect(render('{{ .M }} {{ .M.a }} {{ .M.nope }}', data)).toBe('map[a:x z:[1 2]] x <no value>');
  });
});

describe('builtins', () => {
  it.each([
    ['len counts bytes', '{{ len "héllo" }} {{ len .L }} {{ len .M }}', '6 3 1'],
    ['index', '{{ index .L 1 }} {{ index .M "k" }}', 'b v'],
    ['slice', '{{ slice .L 1 }} {{ slice .L 0 2 }} {{ slice "hello" 1 3 }}', '[b c] [a b] el'],
    ['print spaces only between non-strings', '{{ print 1 2 "a" 3 "b" "c" }}', '1 2a3bc'],
    ['println', '{{ println "a" 1 }}', 'a 1\n'],
    ['and / or return an operand', '{{ and 1 0 2 }} {{ and 1 2 }} {{ or 0 "" "z" }} {{ or 0 "" }}', '0 2 z '],
    ['not', '{{ not 0 }} {{ not "x" }}', 'true false'],
    ['eq with several operands', '{{ eq "b" "a" "b" }} {{ eq 1 2 }}', 'true false'],
    [
      'ne lt le gt ge',
      '{{ ne 1 2 }} {{ lt "a" "b" }} {{ le 2 2 }} {{ gt 1 2 }} {{ ge 2 3 }}',
      'true true true false false',
    ],
    ['html and urlquery', '{{ html "<a href=\'x\'>" }} {{ urlquery "a b&c" }}', '&lt;a href=&#39;x&#39;&gt; a+b%26c'],
  ])('%s', (_, text, expected) => {
    expect(render(text, { L: ['a', 'b', 'c'], M: new Map([['k', 'v']]) })).toBe(expected);
  });

  it('and short-circuits: a failing later operand is not evaluated', () => {
    expect(render('{{ and .F (index .L 9) }}', { F: false, L: [] })).toBe('false');
  });
});

describe('printing values like fmt %v', () => {
  it.each([
    [
      'ints and floats',
      '{{ 3 }} {{ 1.5 }} {{ 1.0 }} {{ 1e6 }} {{ 1234567.0 }} {{ 0.0001 }} {{ 0.00001 }}',
      '3 1.5 1 1e+06 1.234567e+06 0.0001 1e-05',
    ],
    ['other literals', "{{ 0x1F }} {{ 0o17 }} {{ 'a' }} {{ true }}", '31 15 97 true'],
    ['slices and structs', '{{ .L }} {{ .S }}', '[a b] {x [1 2]}'],
    ['missing and nil', '{{ .M.none }} {{ print .M.none }} {{ .N }}', '<no value> <nil> <no value>'],
    ['Stringer', '{{ .T }} {{ .L2 }}', 'ns/name [ns/name]'],
  ])('%s', (_, text, expected) => {
    const stringer = goStruct('types.NamespacedName', { Namespace: 'ns', Name: 'name', String: () => 'ns/name' });
    const data = { L: ['a', 'b'], S: { A: 'x', B: [1, 2] }, M: new Map(), N: null, T: stringer, L2: [stringer] };
    expect(render(text, data)).toBe(expected);
  });

  it.each([
    ['%s %d %v %t', '{{ printf "%s %d %v %t" "a" 42 1.5 true }}', 'a 42 1.5 true'],
    [
      'width, precision and flags',
      '{{ printf "[%5s|%-5s|%05d|%+d|%.2f|%8.3f]" "a" "b" 42 7 3.14159 2.5 }}',
      '[    a|b    |00042|+7|3.14|   2.500]',
    ],
    ['quote and hex', '{{ printf "%q %x %X %x" "a\\"b\\n" "hi" 255 -1 }}', '"a\\"b\\n" 6869 FF -1'],
    ['%e %g %%', '{{ printf "%e %g %.3g %%" 1234.5 0.000012 1234.5 }}', '1.234500e+03 1.2e-05 1.23e+03 %'],
    ['%T', '{{ printf "%T %T %T" "a" 1 .L }}', 'string int []interface {}'],
    [
      'wrong verb, missing and extra',
      '{{ printf "%d %s" "x" }}|{{ printf "a" 1 "b" }}',
      '%!d(string=x) %!s(MISSING)|a%!(EXTRA int=1, string=b)',
    ],
    ['%v of a struct with field names', '{{ printf "%+v" .S }}', '{A:x}'],
  ])('printf %s', (_, text, expected) => {
    expect(render(text, { L: [], S: { A: 'x' } })).toBe(expected);
  });
});
