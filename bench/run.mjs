// `npm run bench`: every package's benchmark, one after another (they share two cores).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benches = [
  join(root, 'packages', 'devcluster', 'bench', 'run.mjs'),
  join(root, 'services', 'source-controller', 'bench', 'run.mjs'),
  join(root, 'services', 'kustomize-controller', 'bench', 'run.mjs'),
  join(root, 'services', 'helm-controller', 'bench', 'run.mjs'),
  join(root, 'services', 'notification-controller', 'bench', 'run.mjs'),
  join(root, 'services', 'image-automation-controller', 'bench', 'run.mjs'),
].filter((path) => existsSync(path));
let failed = 0;
for (const bench of benches) {
  console.log(`\n== ${bench.replace(`${root}/`, '')}`);
  const result = spawnSync(process.execPath, [bench], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
