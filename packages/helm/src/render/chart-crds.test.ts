import { describe, expect, it } from 'vitest';
import { chartCrds } from './chart-crds.js';
import type { ChartDependency, ChartNode } from './chart-tree.js';

function crdText(name: string): string {
  return `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: ${name}}\n`;
}

function chart(name: string, extra: Partial<ChartNode> = {}): ChartNode {
  return {
    name,
    dependencies: [],
    values: {},
    crdFiles: [{ path: `crds/${name}.yaml`, text: crdText(`${name}s.example.com`) }],
    subcharts: [],
    ...extra,
  };
}

function top(dependencies: ChartDependency[], values = {}, subcharts = [chart('db'), chart('cache')]): ChartNode {
  return chart('app', { dependencies, values, subcharts });
}

const names = (top: ChartNode, values = {}) =>
  chartCrds(top, values).map((crd) => crd.metadata.name.replace('.example.com', ''));

describe('chartCrds', () => {
  it.each([
    ['subcharts missing from Chart.yaml are always in', [], {}, {}, ['apps', 'caches', 'dbs']],
    [
      'a false condition in the user values',
      [{ name: 'db', condition: 'db.enabled' }],
      {},
      { db: { enabled: false } },
      ['apps', 'caches'],
    ],
    [
      'a false condition in the chart values',
      [{ name: 'db', condition: 'db.enabled' }],
      { db: { enabled: false } },
      {},
      ['apps', 'caches'],
    ],
    [
      'the user values win over the chart values',
      [{ name: 'db', condition: 'db.enabled' }],
      { db: { enabled: false } },
      { db: { enabled: true } },
      ['apps', 'caches', 'dbs'],
    ],
    [
      'the first condition path holding a boolean decides',
      [{ name: 'db', condition: 'x.on,db.enabled' }],
      {},
      { x: { on: 'yes' }, db: { enabled: false } },
      ['apps', 'caches'],
    ],
    [
      'only false tags disable',
      [{ name: 'db', tags: ['storage'] }],
      {},
      { tags: { storage: false } },
      ['apps', 'caches'],
    ],
    [
      'one true tag enables',
      [{ name: 'db', tags: ['storage', 'extra'] }],
      {},
      { tags: { storage: false, extra: true } },
      ['apps', 'caches', 'dbs'],
    ],
    [
      'a condition overrides tags',
      [{ name: 'db', tags: ['storage'], condition: 'db.enabled' }],
      {},
      { tags: { storage: false }, db: { enabled: true } },
      ['apps', 'caches', 'dbs'],
    ],
    [
      'a null in the user values removes the chart default',
      [{ name: 'db', condition: 'db.enabled' }],
      { db: { enabled: false } },
      { db: { enabled: null } },
      ['apps', 'caches', 'dbs'],
    ],
  ])('%s', (_title, dependencies, chartValues, userValues, expected) => {
    expect(names(top(dependencies as ChartDependency[], chartValues), userValues).sort()).toEqual(expected);
  });

  it("reads a subchart's own default for its condition and looks up an alias's condition under the alias", () => {
    const db = chart('db', { values: { enabled: false } });
    const app = top([{ name: 'db', alias: 'primary', condition: 'primary.enabled' }], {}, [db]);

    expect(names(app)).toEqual(['apps']);
    expect(names(app, { primary: { enabled: true } })).toEqual(['apps', 'dbs']);
  });

  it('resolves conditions of nested subcharts relative to their parent', () => {
    const inner = chart('inner');
    const middle = chart('middle', {
      dependencies: [{ name: 'inner', condition: 'inner.enabled' }],
      subcharts: [inner],
    });
    const app = top([{ name: 'middle' }], {}, [middle]);

    expect(names(app)).toEqual(['apps', 'middles', 'inners']);
    expect(names(app, { middle: { inner: { enabled: false } } })).toEqual(['apps', 'middles']);
  });

  it('lists a CRD once when a subchart is used under two aliases', () => {
    const app = top(
      [
        { name: 'db', alias: 'a' },
        { name: 'db', alias: 'b' },
      ],
      {},
      [chart('db')],
    );

    expect(names(app)).toEqual(['apps', 'dbs']);
  });
});
