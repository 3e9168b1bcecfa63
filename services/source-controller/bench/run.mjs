// Source-controller benchmark: fetch + package of a Git repository with 10,000 files, against
// `git clone --depth 1` + `tar czf` of the same repository from the same git http-backend server,
// measured in the same run (this machine is shared and noisy). Also the interval case: an
// unchanged remote (one ref listing) against `git ls-remote`.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildArchive } from '@driftless/artifact';
import { checkout, resolveRemote } from '@driftless/git';
import { createWorkTree, startGitServer } from '@driftless/testkit';

const run = promisify(execFile);
const files = Number(process.env.BENCH_FILES ?? 10_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed(action) {
  const started = performance.now();
  await action();
  return (performance.now() - started) / 1000;
}

async function seedRepository(server) {
  await server.createRepo('bench');
  const tree = await createWorkTree({ origin: server.repoUrl('bench') });
  for (let i = 0; i < files; i++) {
    const dir = join(tree.dir, `apps/app-${Math.floor(i / 100)}`);
    if (i % 100 === 0) await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, `resource-${i}.yaml`),
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  index: "${i}"\n`,
    );
  }
  await tree.run(['add', '-A']);
  await tree.commit('10,000 manifests');
  await tree.push('main');
  return tree;
}

async function baseline(url, work) {
  const dir = join(work, 'clone');
  await rm(dir, { recursive: true, force: true });
  await run('git', ['clone', '--quiet', '--depth', '1', '--branch', 'main', url, dir]);
  await run('tar', ['czf', join(work, 'baseline.tar.gz'), '--exclude=.git', '-C', dir, '.']);
}

async function driftless(url, work, cacheDir) {
  const dir = join(work, 'checkout');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const options = {
    url,
    reference: { branch: 'main' },
    credentials: {},
    cacheDir,
    signal: AbortSignal.timeout(600_000),
    maxSizeBytes: 1024 ** 3,
    recurseSubmodules: false,
  };
  await checkout({ ...options, dir });
  await buildArchive(dir, join(work, 'driftless.tar.gz'));
  return options;
}

const server = await startGitServer();
const work = await mkdtemp(join(tmpdir(), 'source-bench-'));
try {
  const tree = await seedRepository(server);
  const url = server.repoUrl('bench');
  const base = [];
  const cold = [];
  for (let round = 0; round < rounds; round++) {
    base.push(await timed(() => baseline(url, work)));
    const cacheDir = join(work, `cache-${round}`);
    cold.push(await timed(() => driftless(url, work, cacheDir)));
    await rm(cacheDir, { recursive: true, force: true });
  }

  const cacheDir = join(work, 'cache-warm');
  const options = await driftless(url, work, cacheDir);
  const unchanged = [];
  const lsRemote = [];
  for (let round = 0; round < rounds * 3; round++) {
    lsRemote.push(await timed(() => run('git', ['ls-remote', url, 'refs/heads/main'])));
    unchanged.push(await timed(() => resolveRemote(options)));
  }
  await tree.write('apps/app-0/resource-0.yaml', 'changed: true\n');
  await tree.commit('one file changed');
  await tree.push('main');
  const newCommit = await timed(() => driftless(url, work, cacheDir));
  await tree.cleanup();

  const b = median(base);
  const c = median(cold);
  console.log(`repository: ${files} files, ${rounds} rounds, medians`);
  console.log(`git clone --depth 1 + tar czf:        ${b.toFixed(2)} s (baseline)`);
  console.log(`driftless fetch + package (cold):    ${c.toFixed(2)} s  ratio ${(c / b).toFixed(2)}x`);
  console.log(`driftless new commit (warm cache):   ${newCommit.toFixed(2)} s  ratio ${(newCommit / b).toFixed(2)}x`);
  const l = median(lsRemote);
  const u = median(unchanged);
  console.log(`git ls-remote:                       ${(l * 1000).toFixed(1)} ms (baseline)`);
  console.log(`driftless unchanged check:           ${(u * 1000).toFixed(1)} ms  ratio ${(u / l).toFixed(2)}x`);
} finally {
  await server.stop();
  await rm(work, { recursive: true, force: true });
}
