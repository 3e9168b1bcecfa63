import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { renderCrdFiles } from '../dist/index.js';

const crdDir = new URL('../crds/', import.meta.url);
mkdirSync(crdDir, { recursive: true });
const files = renderCrdFiles();
const current = new Set(files.map((file) => file.fileName));
for (const name of readdirSync(crdDir)) {
  if (name.endsWith('.yaml') && !current.has(name)) rmSync(new URL(name, crdDir));
}
for (const file of files) writeFileSync(new URL(file.fileName, crdDir), file.content);
console.log(`wrote ${files.length} CRDs to packages/api/crds/`);
