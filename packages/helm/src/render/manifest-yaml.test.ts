import { describe, expect, it } from 'vitest';
import { parseHelmYaml, toHelmYaml } from './manifest-yaml.js';

const configMap = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: ${data}\n`;

describe('helm manifest YAML', () => {
  it('reads plain scalars as go-yaml v2 does (YAML 1.1 booleans and octals; times and dates stay strings)', () => {
    const [object] = parseHelmYaml(configMap('{a: yes, b: off, c: 0777, d: 0o17, e: "yes", f: 12:30, g: 2001-12-14}'));

    expect(object?.data).toEqual({ a: true, b: false, c: 511, d: 15, e: 'yes', f: '12:30', g: '2001-12-14' });
  });

  it('quotes every string go-yaml v2 would read as something else, so it reads back the same', () => {
    const data = { a: 'yes', b: 'off', c: '0777', d: '0o17', e: '12:30', f: '2001-12-14', g: 'plain', h: '1e3' };
    const text = toHelmYaml({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data });

    expect(text).toContain('a: "yes"');
    expect(text).toContain('g: plain');
    expect(parseHelmYaml(text)[0]?.data).toEqual(data);
  });

  it('skips empty documents and flattens Lists', () => {
    const text = `---\n# nothing\n---\napiVersion: v1\nkind: List\nitems:\n- ${configMap('{}').replaceAll('\n', '\n  ')}`;

    expect(parseHelmYaml(text).map((object) => object.kind)).toEqual(['ConfigMap']);
  });

  it('fails on invalid YAML naming the origin', () => {
    expect(() => parseHelmYaml('a: [b\n', 'mychart/templates/x.yaml')).toThrow(
      /mychart\/templates\/x\.yaml: document 1/,
    );
  });
});
