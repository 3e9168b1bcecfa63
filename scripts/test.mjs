// `npm test`: build, lint, type-check, then every workspace's tests, closing with one count line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

function step(label, command, args) {
  console.log(`\n== ${label}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  return result.status === 0;
}

if (!step('build and type-check', bin('turbo'), ['run', 'build', 'typecheck', '--output-logs=errors-only'])) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const lintOk = [
  step('lint', bin('biome'), ['check', '.']),
  step('package boundaries', bin('turbo'), ['boundaries']),
  step('generated files are current', process.execPath, [join(root, 'scripts', 'check-generated.mjs')]),
].every(Boolean);

const reportDir = mkdtempSync(join(tmpdir(), 'driftless-test-'));
const report = join(reportDir, 'vitest.json');
const testsOk = step('tests', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
]);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests;
  skipped = results.numPendingTests + results.numTodoTests;
}
rmSync(reportDir, { recursive: true, force: true });
if (!lintOk) failed += 1;
if (!testsOk && failed === 0) failed = 1;
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(lintOk && testsOk ? 0 : 1);
