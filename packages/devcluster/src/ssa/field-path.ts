/** Renders a path of FieldsV1 elements the way structured-merge-diff prints it: `.spec.containers[name="nginx"].image`. */
export function formatPath(elements: readonly string[]): string {
  let text = '';
  for (const element of elements) text += formatElement(element);
  return text;
}

function formatElement(element: string): string {
  const body = element.slice(2);
  switch (element.slice(0, 2)) {
    case 'f:':
      return `.${body}`;
    case 'k:':
      return `[${formatKey(body)}]`;
    case 'v:':
      return `[=${formatValue(parse(body))}]`;
    case 'i:':
      return `[${body}]`;
    default:
      return element;
  }
}

function formatKey(json: string): string {
  const fields = parse(json);
  if (typeof fields !== 'object' || fields === null) return json;
  return Object.entries(fields)
    .map(([name, value]) => `${name}=${formatValue(value)}`)
    .join(',');
}

/** Go's `value.ToString`: strings quoted, everything else as `%v` prints it. */
function formatValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}=${formatValue(v)}`);
    return `{${entries.join(',')}}`;
  }
  return String(value);
}

function parse(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}
