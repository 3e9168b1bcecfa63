import { describe, expect, it } from 'vitest';
import { parseTemplate } from './go-template.js';
import { TemplateError } from './template-types.js';

function failure(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateError);
    return (error as Error).message;
  }
  throw new Error('expected a TemplateError');
}

describe('parse errors name the line', () => {
  it.each([
    ['empty if', 'line 1\n{{ if }}x{{ end }}', 'template: t:2: missing value for if'],
    ['stray end', 'a\nb\n{{ end }}', 'template: t:3: unexpected {{end}}'],
    ['stray else', '{{ else }}', 'template: t:1: unexpected {{else}}'],
    ['if without end', '{{ if .A }}\nx\n', 'template: t:3: unexpected EOF'],
    ['two else', '{{ if 1 }}a{{ else }}b{{ else }}c{{ end }}', 'template: t:1: expected end; found {{else}}'],
    ['unknown function', 'x\n\n{{ .A | lower }}', 'template: t:3: function "lower" not defined'],
    ['undefined variable', '{{ $y }}', 'template: t:1: undefined variable "$y"'],
    ['variable out of scope', '{{ if 1 }}{{ $x := 1 }}{{ end }}{{ $x }}', 'template: t:1: undefined variable "$x"'],
    ['break outside range', '{{ break }}', 'template: t:1: {{break}} outside {{range}}'],
    ['continue outside range', '{{ if 1 }}{{ continue }}{{ end }}', 'template: t:1: {{continue}} outside {{range}}'],
    ['unclosed action', 'ok\n{{ .A ', 'template: t:2: unclosed action'],
    ['unclosed comment', '{{/* note', 'template: t:1: unclosed comment'],
    ['comment not alone in its action', '{{/* note */ .A }}', 'template: t:1: comment ends before closing delimiter'],
    ['unterminated string', '{{ "abc }}', 'template: t:1: unterminated quoted string'],
    ['literal later in a pipeline', '{{ .A | "x" }}', 'template: t:1: non executable command in pipeline stage 2'],
    ['two declarations outside range', '{{ $a, $b := 1 }}', 'template: t:1: too many declarations in command'],
    ['field after a literal', '{{ "x".A }}', 'template: t:1: unexpected . after term "\\"x\\""'],
    ['empty action', '{{ }}', 'template: t:1: missing value for command'],
    ['bad number', '{{ 3x }}', 'template: t:1: bad number syntax: "3x"'],
    ['unexpected token', '{{ .A = }}', 'template: t:1: unexpected "=" in operand'],
    ['unclosed paren', '{{ (.A }}', 'template: t:1: unclosed left paren'],
  ])('%s', (_, text, expected) => {
    expect(failure(() => parseTemplate('t', text))).toBe(expected);
  });
});

describe('exec errors name the line, the column and the action', () => {
  const data = { S: 'text', L: ['a'], N: null, M: new Map([['k', 'v']]), F: () => 'f' };

  it.each([
    [
      'missing struct field',
      'a\n  {{ .Nope }}',
      't:2:5: executing "t" at <.Nope>: can\'t evaluate field Nope in type struct {}',
    ],
    ['field of a string', '{{ .S.Len }}', 't:1:3: executing "t" at <.S.Len>: can\'t evaluate field Len in type string'],
    ['byte columns', 'é {{ .X }}', 't:1:6: executing "t" at <.X>: can\'t evaluate field X in type struct {}'],
    ['nil receiver', '{{ .N.A }}', 't:1:3: executing "t" at <.N.A>: nil pointer evaluating interface {}.A'],
    [
      'function error',
      '{{ index .L 5 }}',
      't:1:3: executing "t" at <index .L 5>: error calling index: index out of range: 5',
    ],
    [
      'comparison of different kinds',
      '{{ if eq .S 1 }}{{ end }}',
      't:1:6: executing "t" at <eq .S 1>: error calling eq: incompatible types for comparison',
    ],
    ['argument count', '{{ len .L .L }}', 't:1:3: executing "t" at <len>: wrong number of args for len: want 1 got 2'],
    ['method argument count', '{{ .F 1 }}', 't:1:3: executing "t" at <.F>: wrong number of args for F: want 0 got 1'],
    [
      'field given arguments',
      '{{ .S 1 }}',
      't:1:3: executing "t" at <.S>: S has arguments but cannot be invoked as function',
    ],
    ['map key given arguments', '{{ .M.k 1 }}', 't:1:3: executing "t" at <.M.k>: k is not a method but has arguments'],
    [
      'argument to a variable',
      '{{ $x := 1 }}{{ $x 2 }}',
      't:1:16: executing "t" at <$x>: can\'t give argument to non-function $x',
    ],
    ['nil command', '{{ nil }}', 't:1:3: executing "t" at <nil>: nil is not a command'],
    ['range over a string', '{{ range .S }}{{ end }}', 't:1:9: executing "t" at <.S>: range can\'t iterate over text'],
    ['len of a number', '{{ len 3 }}', 't:1:3: executing "t" at <len 3>: error calling len: len of type int'],
  ])('%s', (_, text, expected) => {
    expect(failure(() => parseTemplate('t', text).execute(data))).toBe(`template: ${expected}`);
  });
});
