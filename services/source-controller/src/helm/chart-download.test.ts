import { describe, expect, it } from 'vitest';
import { resolveChartUrl } from './chart-download.js';

describe('resolveChartUrl', () => {
  it.each([
    ['https://h.example/charts', 'app-1.0.0.tgz', 'https://h.example/charts/app-1.0.0.tgz'],
    ['https://h.example/charts/', 'app-1.0.0.tgz', 'https://h.example/charts/app-1.0.0.tgz'],
    ['https://h.example/charts', 'sub/app-1.0.0.tgz', 'https://h.example/charts/sub/app-1.0.0.tgz'],
    ['https://h.example/charts', '/root/app.tgz', 'https://h.example/root/app.tgz'],
    ['https://h.example/charts', '../app.tgz', 'https://h.example/app.tgz'],
    ['https://h.example/charts?token=t', 'app.tgz', 'https://h.example/charts/app.tgz?token=t'],
    ['https://h.example/charts', 'https://cdn.example/app.tgz', 'https://cdn.example/app.tgz'],
    ['https://h.example/charts', 'http://cdn.example/app.tgz?x=1', 'http://cdn.example/app.tgz?x=1'],
  ])('%s + %s -> %s', (repo, ref, expected) => {
    expect(resolveChartUrl(repo, ref)).toBe(expected);
  });
});
