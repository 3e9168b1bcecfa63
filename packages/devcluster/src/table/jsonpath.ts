/**
 * The JSONPath subset `kubectl` and CRD printer columns use (k8s.io/client-go/util/jsonpath):
 * `.a.b`, `['a']`, `.a[0]`, `.a[-1]`, `.a[*].b`, `.a[1:3]`, `..a`, and filters such as
 * `.status.conditions[?(@.type=="Ready")].status`. Missing keys give no result.
 */

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'recursive'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'slice'; start?: number; end?: number }
  | { kind: 'wildcard' }
  | { kind: 'filter'; left: Step[]; operator?: string; right?: unknown };

/** A JSONPath expression the parser does not understand. */
export class JsonPathError extends Error {
  override readonly name = 'JsonPathError';
}

function readField(path: string, start: number): [string, number] {
  let name = '';
  let i = start;
  while (i < path.length && !'.[ '.includes(path[i])) {
    if (path[i] === '\\' && i + 1 < path.length) i++;
    name += path[i];
    i++;
  }
  return [name, i];
}

function parseLiteral(text: string): unknown {
  const trimmed = text.trim();
  if (/^(".*"|'.*')$/.test(trimmed)) return trimmed.slice(1, -1);
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  if (trimmed !== '' && !Number.isNaN(Number(trimmed))) return Number(trimmed);
  throw new JsonPathError(`unrecognized filter value ${trimmed}`);
}

function parseFilter(expression: string): Step {
  const match = /^\s*@((?:\.[^=!<>\s]+|\[[^\]]*\])*)\s*(==|!=|<=|>=|<|>)?\s*(.*?)\s*$/.exec(expression);
  if (!match) throw new JsonPathError(`unrecognized filter ${expression}`);
  const [, left, operator, right] = match;
  return { kind: 'filter', left: parseJsonPath(left), ...(operator ? { operator, right: parseLiteral(right) } : {}) };
}

function closingBracket(path: string, open: number): number {
  let quote = '';
  let depth = 0;
  for (let i = open; i < path.length; i++) {
    const char = path[i];
    if (quote) {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '[' || char === '(') depth++;
    else if (char === ']' || char === ')') {
      depth--;
      if (depth === 0 && char === ']') return i;
    }
  }
  throw new JsonPathError(`unclosed [ in ${path}`);
}

function parseBracket(inner: string): Step {
  const content = inner.trim();
  if (content === '*') return { kind: 'wildcard' };
  if (content.startsWith('?(') && content.endsWith(')')) return parseFilter(content.slice(2, -1));
  if (/^(".*"|'.*')$/.test(content)) return { kind: 'field', name: content.slice(1, -1) };
  if (/^-?\d+$/.test(content)) return { kind: 'index', index: Number(content) };
  const slice = /^(-?\d*):(-?\d*)(?::\d*)?$/.exec(content);
  if (slice) {
    return {
      kind: 'slice',
      start: slice[1] ? Number(slice[1]) : undefined,
      end: slice[2] ? Number(slice[2]) : undefined,
    };
  }
  throw new JsonPathError(`unrecognized [${inner}]`);
}

/** Parses `.a.b[0]`, with or without the `{...}` template braces. */
export function parseJsonPath(path: string): Step[] {
  const text = path.trim().replace(/^\{(.*)\}$/s, '$1');
  const steps: Step[] = [];
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('..', i)) {
      const [name, next] = readField(text, i + 2);
      steps.push({ kind: 'recursive', name });
      i = next;
    } else if (text[i] === '.') {
      const [name, next] = readField(text, i + 1);
      if (name === '*') steps.push({ kind: 'wildcard' });
      else if (name) steps.push({ kind: 'field', name });
      i = next;
    } else if (text[i] === '[') {
      const close = closingBracket(text, i);
      steps.push(parseBracket(text.slice(i + 1, close)));
      i = close + 1;
    } else if (text[i] === '$' || text[i] === '@') {
      i++;
    } else {
      const [name, next] = readField(text, i);
      if (!name) throw new JsonPathError(`unexpected ${text[i]} in ${path}`);
      steps.push({ kind: 'field', name });
      i = next;
    }
  }
  return steps;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function compare(left: unknown, operator: string, right: unknown): boolean {
  if (typeof left === 'number' && typeof right === 'number') {
    switch (operator) {
      case '<':
        return left < right;
      case '>':
        return left > right;
      case '<=':
        return left <= right;
      case '>=':
        return left >= right;
    }
  }
  const equal = left === right || (left !== null && right !== null && String(left) === String(right));
  if (operator === '==') return equal;
  if (operator === '!=') return !equal;
  return false;
}

function descendants(value: unknown): unknown[] {
  const children = Array.isArray(value) ? value : isObject(value) ? Object.values(value) : [];
  return [value, ...children.flatMap(descendants)];
}

function applyStep(values: unknown[], step: Step): unknown[] {
  switch (step.kind) {
    case 'field':
      return values.flatMap((v) => (isObject(v) && step.name in v ? [v[step.name]] : []));
    case 'recursive':
      return values.flatMap(descendants).flatMap((v) => (isObject(v) && step.name in v ? [v[step.name]] : []));
    case 'wildcard':
      return values.flatMap((v) => (Array.isArray(v) ? v : isObject(v) ? Object.values(v) : []));
    case 'index':
      return values.flatMap((v) => {
        if (!Array.isArray(v)) return [];
        const index = step.index < 0 ? v.length + step.index : step.index;
        return index >= 0 && index < v.length ? [v[index]] : [];
      });
    case 'slice':
      return values.flatMap((v) => (Array.isArray(v) ? v.slice(step.start, step.end) : []));
    case 'filter':
      return values.flatMap((v) =>
        (Array.isArray(v) ? v : []).filter((item) => {
          const found = evaluate([item], step.left);
          if (!step.operator) return found.length > 0;
          return found.some((value) => compare(value, step.operator!, step.right));
        }),
      );
  }
}

function evaluate(values: unknown[], steps: Step[]): unknown[] {
  return steps.reduce(applyStep, values);
}

/** Every value the path finds in `data`, in document order; empty when nothing matches. */
export const findJsonPath = (data: unknown, path: string): unknown[] => evaluate([data], parseJsonPath(path));
