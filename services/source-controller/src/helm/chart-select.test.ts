import { describe, expect, it } from 'vitest';
import { selectChartVersion } from './chart-select.js';
import { ChartNotFoundError, ChartReferenceError, ChartVersionNotFoundError } from './helm-errors.js';
import type { ChartVersionEntry, HelmIndex } from './repository-index.js';

function entry(version: string, created?: string): ChartVersionEntry {
  return { name: 'app', version, urls: [`app-${version}.tgz`], ...(created ? { created } : {}) };
}

const index: HelmIndex = {
  apiVersion: 'v1',
  entries: {
    app: [
      entry('1.0.0'),
      entry('1.2.3'),
      entry('1.10.0'),
      entry('2.0.0-rc.1'),
      entry('v1.5.0'),
      entry('0.9'),
      entry('3.0.0+build.1', '2024-01-01T00:00:00Z'),
      entry('3.0.0+build.2', '2024-02-01T00:00:00.123456789Z'),
      entry('3.0.0+build.0', '2023-12-01T00:00:00Z'),
    ],
    empty: [],
  },
};

describe('selectChartVersion', () => {
  it.each([
    [undefined, '3.0.0+build.2'],
    ['', '3.0.0+build.2'],
    ['*', '3.0.0+build.2'],
    ['1.2.3', '1.2.3'],
    ['1.x', '1.10.0'],
    ['~1.2', '1.2.3'],
    ['^1.0.0', '1.10.0'],
    ['>=1.0.0 <1.5.0', '1.2.3'],
    ['>=1.0.0, <1.5.0', '1.2.3'],
    ['<1.0.0', '0.9'],
    ['1.5.x', 'v1.5.0'],
    ['>=2.0.0-0 <3.0.0', '2.0.0-rc.1'],
    ['<2.0.0 || >=3.0.0', '3.0.0+build.2'],
    ['3.0.0+build.0', '3.0.0+build.0'],
    ['v1.5.0', 'v1.5.0'],
  ])('range %j selects %s', (range, expected) => {
    expect(selectChartVersion(index, 'app', range).version).toBe(expected);
  });

  it('excludes pre-releases from a range that names none', () => {
    expect(selectChartVersion(index, 'app', '>=1.10.0 <3.0.0').version).toBe('1.10.0');
  });

  it('fails with ChartNotFoundError for a chart that is not in the index', () => {
    expect(() => selectChartVersion(index, 'nope', '*')).toThrow(ChartNotFoundError);
  });

  it.each([['9.*'], ['>5.0.0']])('fails with ChartVersionNotFoundError when nothing matches %s', (range) => {
    const fail = () => selectChartVersion(index, 'app', range);
    expect(fail).toThrow(ChartVersionNotFoundError);
    expect(fail).toThrow(`no 'app' chart with version matching '${range}' found`);
  });

  it('fails for a chart without versions', () => {
    expect(() => selectChartVersion(index, 'empty', undefined)).toThrow(ChartVersionNotFoundError);
  });

  it('reports an unparsable range as an invalid chart reference (stalling)', () => {
    try {
      selectChartVersion(index, 'app', '>>>nope');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ChartReferenceError);
      expect((err as ChartReferenceError).reason).toBe('InvalidChartReference');
      expect((err as ChartReferenceError).persistent).toBe(true);
    }
  });
});
