/** Lenient reads of an object's fields, and the label and selector formatting the printers share. */

export type Fields = Record<string, unknown>;

const isFields = (value: unknown): value is Fields =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The value at a dotted path (`spec.template.spec`), or undefined. */
export function at(object: unknown, path: string): unknown {
  let current = object;
  for (const key of path.split('.')) {
    if (!isFields(current)) return undefined;
    current = current[key];
  }
  return current;
}

export const text = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);
export const count = (value: unknown, fallback = 0): number => (typeof value === 'number' ? value : fallback);
export const list = (value: unknown): Fields[] => (Array.isArray(value) ? value.filter(isFields) : []);
export const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
export const fields = (value: unknown): Fields => (isFields(value) ? value : {});
export const size = (value: unknown): number =>
  Array.isArray(value) ? value.length : isFields(value) ? Object.keys(value).length : 0;

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** `labels.FormatLabels`: `a=b,c=d` sorted by key, `<none>` when empty. */
export function formatLabels(labels: unknown): string {
  const entries = Object.entries(fields(labels)).sort(([a], [b]) => byKey(a, b));
  return entries.length ? entries.map(([k, v]) => `${k}=${String(v)}`).join(',') : '<none>';
}

/** `metav1.LabelSelectorAsSelector(selector).String()`: `app=x,tier in (a,b),!legacy`; empty when none. */
export function selectorString(selector: unknown): string {
  const requirements: [string, string][] = Object.entries(fields(at(selector, 'matchLabels'))).map(([k, v]) => [
    k,
    `${k}=${String(v)}`,
  ]);
  for (const expression of list(at(selector, 'matchExpressions'))) {
    const key = text(expression.key);
    const values = strings(expression.values).sort(byKey).join(',');
    switch (expression.operator) {
      case 'In':
        requirements.push([key, `${key} in (${values})`]);
        break;
      case 'NotIn':
        requirements.push([key, `${key} notin (${values})`]);
        break;
      case 'Exists':
        requirements.push([key, key]);
        break;
      case 'DoesNotExist':
        requirements.push([key, `!${key}`]);
        break;
    }
  }
  return requirements
    .sort(([a], [b]) => byKey(a, b))
    .map(([, requirement]) => requirement)
    .join(',');
}

/** `metav1.FormatLabelSelector`: the selector, `<none>` when it selects everything or nothing. */
export const formatLabelSelector = (selector: unknown): string => selectorString(selector) || '<none>';

/** The comma-separated container names and images of a pod spec. */
export function containerCells(podSpec: unknown): [string, string] {
  const containers = list(at(podSpec, 'containers'));
  return [containers.map((c) => text(c.name)).join(','), containers.map((c) => text(c.image)).join(',')];
}

/** The status of the condition of a type, if the object reports it. */
export const condition = (object: unknown, type: string): Fields | undefined =>
  list(at(object, 'status.conditions')).find((c) => c.type === type);
