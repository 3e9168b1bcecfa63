// Regenerates every generated file (`npm run generate`) and fails if that changed the tree:
// generated files are committed, and must match their sources.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const generatedPaths = ['packages/api/crds', 'charts/*/crds'];
const turboArgs = ['run', 'generate', '--output-logs=errors-only'];

// The built-in Kubernetes data is generated from ../shared/k8s-openapi, which sits beside the
// checkout in CI and on developers' machines; without it that one generator cannot run.
if (existsSync(join(root, '..', 'shared', 'k8s-openapi'))) {
  generatedPaths.push('packages/devcluster/src/generated');
} else {
  console.warn('check-generated: ../shared/k8s-openapi is missing; skipping the devcluster built-ins');
  turboArgs.push('--filter=!@driftless/devcluster');
}

execFileSync(join(root, 'node_modules', '.bin', 'turbo'), turboArgs, { cwd: root, stdio: 'inherit' });
// The charts carry copies of the CRDs (charts/<controller>/crds), refreshed from the ones just generated.
execFileSync(process.execPath, [join(root, 'scripts', 'sync-chart-crds.mjs')], { cwd: root, stdio: 'inherit' });
const changed = execFileSync('git', ['status', '--porcelain', '--', ...generatedPaths], {
  cwd: root,
  encoding: 'utf8',
});
if (changed.trim() !== '') {
  console.error(`generated files differ from their sources; run "npm run generate" and commit:\n${changed}`);
  process.exit(1);
}
console.log('generated files are current');
