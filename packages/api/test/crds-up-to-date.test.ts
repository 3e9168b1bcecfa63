import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderCrdFiles } from '../src/crd/render-crds.js';

const crdDir = new URL('../crds/', import.meta.url);
const regenerate = 'run `npm run generate -w @driftless/api`';

describe('committed CRDs', () => {
  const files = renderCrdFiles();

  it('are exactly the generated set of files', () => {
    const committed = readdirSync(crdDir)
      .filter((name) => name.endsWith('.yaml'))
      .sort();
    expect(committed, `stale or missing CRD files: ${regenerate}`).toEqual(files.map((file) => file.fileName).sort());
  });

  it.each(files.map((file) => [file.fileName, file.content]))('%s matches the schemas', (fileName, content) => {
    const committed = readFileSync(new URL(fileName, crdDir), 'utf8');
    expect(committed === content, `${fileName} is out of date: ${regenerate}`).toBe(true);
  });

  it('renders the same bytes twice', () => {
    expect(renderCrdFiles()).toEqual(files);
  });
});
