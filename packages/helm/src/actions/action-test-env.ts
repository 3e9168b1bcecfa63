import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createApiReader, ResourceManager } from '@driftless/apply';
import { type DevCluster, startDevCluster } from '@driftless/devcluster';
import { KubeClient, loadKubeConfig } from '@driftless/runtime';
import { afterAll, beforeAll } from 'vitest';
import { renderRelease } from '../render/render-release.js';
import type { RenderedRelease } from '../render/rendered-release.js';
import { createReleaseStorage } from '../storage/create-release-storage.js';
import { StorageDriver } from '../storage/release-storage.js';
import type { ActionDeps } from './action-types.js';
import { inReleaseNamespace } from './release-objects.js';

/**
 * Test support for the action tests (not part of the package's API): real helm and a dev cluster.
 */
const repoRoot = resolve(import.meta.dirname, '../../../..');
export const helmBinary = resolve(repoRoot, '.tools/bin/helm');
const kubectlBinary = resolve(repoRoot, '.tools/bin/kubectl');

export interface ActionTestEnv {
  /** Action deps whose release storage is the given namespace's. */
  depsFor(namespace: string): ActionDeps;
  client: KubeClient;
  scratch: string;
  /** Runs the real helm against the cluster; never rejects. */
  helm(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** Writes a chart directory from `{path: content}` and returns its path. */
  writeChart(name: string, files: Record<string, string>): Promise<string>;
  /** What the real helm renders for a chart (`renderRelease`), namespaced objects in the release namespace. */
  render(chart: string, release: string, namespace: string, values?: Record<string, unknown>): Promise<RenderedRelease>;
  createNamespace(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function createActionTestEnv(kubeconfigPath: string): Promise<ActionTestEnv> {
  const client = new KubeClient(loadKubeConfig({ kubeconfigPath }), { fieldManager: 'helm-controller' });
  const manager = new ResourceManager({ client }, { fieldManager: 'helm-controller' });
  const scratch = await mkdtemp(join(tmpdir(), 'helm-actions-'));
  const reader = createApiReader(client, manager.mapper);
  const depsFor = (namespace: string): ActionDeps => ({
    client,
    manager,
    reader,
    storage: createReleaseStorage(client, { driver: StorageDriver.Secret, namespace }),
  });
  const helm = (args: string[]) => runHelm([...args, '--kubeconfig', kubeconfigPath], scratch);
  return {
    depsFor,
    client,
    scratch,
    helm,
    async writeChart(name, files) {
      const dir = join(scratch, 'charts', name);
      for (const [path, content] of Object.entries(files)) {
        await mkdir(dirname(join(dir, path)), { recursive: true });
        await writeFile(join(dir, path), content);
      }
      return dir;
    },
    async render(chart, release, namespace, values = {}) {
      const rendered = await renderRelease(
        { chartPath: chart, releaseName: release, namespace, values },
        { helmBinary, kubectlBinary, scratchDir: scratch, kubeconfigPath, maxOutputBytes: 16 * 2 ** 20 },
      );
      return { ...rendered, objects: await inReleaseNamespace(depsFor(namespace), rendered.objects, namespace) };
    },
    async createNamespace(name) {
      const type = await manager.mapper.resourceFor('v1', 'Namespace');
      await client.create(type, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    },
    async close() {
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

function runHelm(args: string[], scratch: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const home = join(scratch, 'helm-home');
  const env = {
    HOME: home,
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_DATA_HOME: join(home, 'data'),
  };
  return new Promise((resolvePromise) => {
    const child = spawn(helmBinary, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.once('error', (error) => resolvePromise({ code: null, stdout, stderr: error.message }));
    child.once('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

export const webChart: Record<string, string> = {
  'Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
  'values.yaml': 'extra: false\nkept: false\nsimulate: ""\nhooks: []\nfailHook: false\ntests: []\npodTest: false\n',
  'templates/config.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
data:
  revision: "{{ .Release.Revision }}"
{{- if .Values.extra }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-extra
data: {}
{{- end }}
{{- if .Values.kept }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-kept
  annotations:
    helm.sh/resource-policy: keep
data: {}
{{- end }}
`,
  'templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
  {{- with .Values.simulate }}
  annotations:
    devcluster.driftless.io/simulate: {{ . }}
  {{- end }}
spec:
  replicas: 1
  selector:
    matchLabels: {app: {{ .Release.Name }}}
  template:
    metadata:
      labels: {app: {{ .Release.Name }}}
      {{- with .Values.simulate }}
      # A failing rollout comes with a new pod template (a new generation), as it does in a real cluster.
      annotations: {rollout: {{ . }}}
      {{- end }}
    spec:
      containers: [{name: web, image: nginx}]
`,
  'templates/hooks.yaml': `{{- range .Values.hooks }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ $.Release.Name }}-hook-{{ .name }}
  annotations:
    helm.sh/hook: pre-install
    helm.sh/hook-weight: "{{ .weight }}"
data: {}
{{- end }}
{{- if .Values.failHook }}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-failing-hook
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    devcluster.driftless.io/simulate: fail
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: hook, image: busybox}]
{{- end }}
`,
  'templates/tests.yaml': `{{- range .Values.tests }}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ $.Release.Name }}-test-{{ .name }}
  annotations:
    helm.sh/hook: test
    {{- if .fail }}
    devcluster.driftless.io/simulate: fail
    {{- end }}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: test, image: busybox}]
{{- end }}
{{- if .Values.podTest }}
---
apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-test-pod
  annotations:
    helm.sh/hook: test
spec:
  restartPolicy: Never
  containers: [{name: test, image: busybox}]
{{- end }}
`,
};

/** Starts a dev cluster and a test env with the web chart written for the tests of one file, and stops them after. */
export function useActionTestEnv(onReady: (started: { env: ActionTestEnv; chart: string }) => void): void {
  let cluster: DevCluster | undefined;
  let env: ActionTestEnv | undefined;
  beforeAll(async () => {
    cluster = await startDevCluster({ port: 0, workloadDelayMs: 0 });
    env = await createActionTestEnv(cluster.kubeconfigPath);
    onReady({ env, chart: await env.writeChart('web', webChart) });
  });
  afterAll(async () => {
    await env?.close();
    await cluster?.stop();
  });
}
