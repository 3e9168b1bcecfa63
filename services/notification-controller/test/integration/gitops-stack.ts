import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { requestReconcile } from '@driftless/bus';
import {
  createWorkTree,
  eventually,
  type GitServer,
  startGitServer,
  startKustomizeControllerProcess,
  startSourceControllerProcess,
  type WorkTree,
} from '@driftless/testkit';
import {
  gitRepositoryType,
  kustomizationType,
  type NotificationHarness,
  repoRoot,
  stopService,
  tempDir,
} from './harness.js';

const kubectlBinary = join(repoRoot, '.tools/bin/kubectl');

/** The source- and kustomize-controller as their own processes, next to a harness's cluster and NATS. */
export interface GitopsStack {
  git: GitServer;
  sourceLogs(): string;
  kustomizeLogs(): string;
  /**
   * A Git repository holding `files` and a GitRepository `name` for it, with a 1h interval: only a reconcile
   * request (or a webhook) makes a later push reach the cluster.
   */
  repository(namespace: string, name: string, files: Record<string, string>): Promise<GitopsRepo>;
  /** A Kustomization `name` (path `./`, prune, 1h interval) of the GitRepository `name`. */
  kustomization(namespace: string, name: string): Promise<void>;
  /** `repository`, then `kustomization`. */
  deploy(namespace: string, name: string, files: Record<string, string>): Promise<GitopsRepo>;
  stop(): Promise<void>;
}

export interface GitopsRepo {
  tree: WorkTree;
  /** Writes (string) or removes (null) files, commits and pushes; nobody is told. Returns the commit SHA. */
  push(files: Record<string, string | null>, message?: string): Promise<string>;
  /** `push`, then a reconcile request for the GitRepository, as `flux reconcile source git` would send. */
  change(files: Record<string, string | null>, message?: string): Promise<string>;
}

interface Service {
  name: string;
  child: ChildProcess;
  output: () => string;
}

/** Starts a git http-backend and the two controllers for `h`, and waits until both controllers say they started. */
export async function startGitopsStack(h: NotificationHarness): Promise<GitopsStack> {
  const dir = await tempDir('notification-gitops-it-');
  const git = await startGitServer();
  const common = { kubeconfig: h.cluster.kubeconfigPath, natsUrl: h.nats.url, prefix: h.prefix, dir: dir.path };
  const services: Service[] = [
    { name: 'source-controller', ...startSourceControllerProcess(common) },
    { name: 'kustomize-controller', ...startKustomizeControllerProcess({ ...common, kubectlBinary }) },
  ];
  const trees: WorkTree[] = [];

  const stop = async () => {
    await Promise.all(services.map((service) => stopProcess(service.child)));
    await Promise.all(trees.map((tree) => tree.cleanup()));
    await git.stop();
    await dir.remove();
  };

  try {
    for (const service of services) {
      await eventually(
        () => {
          if (service.child.exitCode !== null) {
            throw new Error(`${service.name} exited (${service.child.exitCode}):\n${service.output()}`);
          }
          return service.output().includes(`${service.name} started`);
        },
        { timeoutMs: 30_000 },
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const stack: GitopsStack = {
    git,
    sourceLogs: services[0].output,
    kustomizeLogs: services[1].output,
    async repository(namespace, name, files) {
      const repoName = `${namespace}-${name}`;
      await git.createRepo(repoName);
      const tree = await createWorkTree({ origin: git.repoUrl(repoName) });
      trees.push(tree);
      for (const [path, content] of Object.entries(files)) await tree.write(path, content);
      await tree.commit('initial');
      await tree.push('main');
      await h.client.create(gitRepositoryType, {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'GitRepository',
        metadata: { name, namespace },
        spec: { url: git.repoUrl(repoName), interval: '1h', ref: { branch: 'main' } },
      });
      const push = async (changes: Record<string, string | null>, message = 'change') => {
        for (const [path, content] of Object.entries(changes)) {
          if (content === null) await tree.remove(path);
          else await tree.write(path, content);
        }
        const sha = await tree.commit(message);
        await tree.push('main');
        return sha;
      };
      return {
        tree,
        push,
        async change(changes, message) {
          const sha = await push(changes, message);
          await requestReconcile(h.bus, 'GitRepository', namespace, name);
          return sha;
        },
      };
    },
    async kustomization(namespace, name) {
      await h.client.create(kustomizationType, {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name, namespace },
        spec: { interval: '1h', path: './', prune: true, sourceRef: { kind: 'GitRepository', name } },
      });
    },
    async deploy(namespace, name, files) {
      const repo = await stack.repository(namespace, name, files);
      await stack.kustomization(namespace, name);
      return repo;
    },
    stop,
  };
  return stack;
}

/** SIGTERM, and SIGKILL when the process has not exited after 10 s, so a hung shutdown cannot hang the suite. */
async function stopProcess(child: ChildProcess): Promise<void> {
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  try {
    await stopService(child);
  } finally {
    clearTimeout(timer);
  }
}

/** A ConfigMap manifest in `namespace`. */
export function configMapYaml(namespace: string, name: string, data: Record<string, string>): string {
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'data:',
    ...Object.entries(data).map(([key, value]) => `  ${key}: ${JSON.stringify(value)}`),
    '',
  ].join('\n');
}
