import { cp, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  createWorkTree,
  type DockerRegistry,
  type GitServer,
  startDockerRegistry,
  startGitServer,
  startStaticServer,
} from '@driftless/testkit';
import type { HelmCli } from './helm-cli.js';

export const chartFixtures = resolve(import.meta.dirname, '../fixtures/charts');

/** The fixture directory of each webapp version; 1.1.0 adds the `<release>-extra` ConfigMap. */
export const webappVersions = { '1.0.0': 'webapp', '1.1.0': 'webapp-1.1.0' } as const;
export type WebappVersion = keyof typeof webappVersions;

export interface ChartSources {
  /** An http chart repository (index.yaml at its root) holding webapp 1.0.0 and 1.1.0. */
  chartRepoUrl: string;
  /** `oci://127.0.0.1:<port>/charts`: webapp 1.0.0 and 1.1.0 pushed by `helm push` (plain http). */
  ociRepoUrl: string;
  /** A git repository whose `main` holds webapp 1.0.0's sources at `charts/webapp`. */
  gitRepoUrl: string;
  git: GitServer;
  registry: DockerRegistry;
  stop(): Promise<void>;
}

async function packageCharts(helm: HelmCli, dest: string): Promise<string[]> {
  await mkdir(dest, { recursive: true });
  const files: string[] = [];
  for (const [version, dir] of Object.entries(webappVersions)) {
    await helm(['package', join(chartFixtures, dir), '--destination', dest]);
    files.push(join(dest, `webapp-${version}.tgz`));
  }
  return files;
}

async function pushToGit(git: GitServer): Promise<string> {
  await git.createRepo('charts');
  const tree = await createWorkTree({ origin: git.repoUrl('charts') });
  try {
    await cp(join(chartFixtures, webappVersions['1.0.0']), join(tree.dir, 'charts', 'webapp'), { recursive: true });
    await tree.run(['add', '-A']);
    await tree.commit('webapp 1.0.0');
    await tree.push('main');
  } finally {
    await tree.cleanup();
  }
  return git.repoUrl('charts');
}

/**
 * The three places a HelmRelease gets webapp from, built from the chart fixtures: an http chart
 * repository, a git repository and an OCI registry. `dir` holds the packages and the repository index.
 */
export async function startChartSources(helm: HelmCli, dir: string): Promise<ChartSources> {
  const repoDir = join(dir, 'chart-repo');
  const packages = await packageCharts(helm, repoDir);
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = () => Promise.all(started.map((s) => s.stop())).then(() => undefined);
  const keep = <T extends { stop(): Promise<void> }>(server: T): T => {
    started.push(server);
    return server;
  };
  try {
    const charts = keep(await startStaticServer({ root: repoDir }));
    const git = keep(await startGitServer());
    const registry = keep(await startDockerRegistry());
    await helm(['repo', 'index', repoDir, '--url', charts.url]);
    const ociRepoUrl = `oci://${registry.host}/charts`;
    for (const file of packages) await helm(['push', file, ociRepoUrl, '--plain-http']);
    const gitRepoUrl = await pushToGit(git);
    return { chartRepoUrl: charts.url, ociRepoUrl, gitRepoUrl, git, registry, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
