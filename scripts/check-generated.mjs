// Regenerates every generated file (`npm run generate`) and fails if that changed the tree:
// generated files are committed, and must match their sources.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const generatedPaths = ['packages/devcluster/src/generated', 'packages/api/crds'];

execFileSync(join(root, 'node_modules', '.bin', 'turbo'), ['run', 'generate', '--output-logs=errors-only'], {
  cwd: root,
  stdio: 'inherit',
});
const changed = execFileSync('git', ['status', '--porcelain', '--', ...generatedPaths], {
  cwd: root,
  encoding: 'utf8',
});
if (changed.trim() !== '') {
  console.error(`generated files differ from their sources; run "npm run generate" and commit:\n${changed}`);
  process.exit(1);
}
console.log('generated files are current');
