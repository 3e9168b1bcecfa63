import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createApiReader, parseManifests, ResourceManager } from '@driftless/apply';
import { KubeClient, type KubeObject, loadKubeConfig, NotFoundError, type ResourceType } from '@driftless/runtime';
import type { Release } from '../release/release.js';
import type { RenderedRelease } from '../render/rendered-release.js';
import { type ReleaseStorage, StorageDriver } from '../storage/release-storage.js';
import type { ActionDeps } from './action-types.js';
import { inReleaseNamespace } from './release-objects.js';

/**
 * Test support for the action tests (not part of the package's API): real helm and a dev cluster.
 * The release storage here is a minimal helm Secrets driver, used until `storage/` is written.
 */
const repoRoot = resolve(import.meta.dirname, '../../../..');
export const helmBinary = resolve(repoRoot, '.tools/bin/helm');

export interface ActionTestEnv {
  /** Action deps whose release storage is the given namespace's. */
  depsFor(namespace: string): ActionDeps;
  client: KubeClient;
  scratch: string;
  /** Runs the real helm against the cluster; never rejects. */
  helm(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** Writes a chart directory from `{path: content}` and returns its path. */
  writeChart(name: string, files: Record<string, string>): Promise<string>;
  /** What the real helm renders for a chart: the stand-in for `render/`. */
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
    storage: secretStorage(client, namespace),
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
      const valuesFile = join(scratch, `values-${release}.json`);
      await writeFile(valuesFile, JSON.stringify(values));
      const args = ['install', release, chart, '-n', namespace, '--dry-run=client', '-o', 'json', '-f', valuesFile];
      const result = await helm(args);
      if (result.code !== 0) throw new Error(`helm render failed: ${result.stderr}`);
      const rendered = JSON.parse(result.stdout) as Release;
      const objects = await inReleaseNamespace(depsFor(namespace), parseManifests(rendered.manifest), namespace);
      return { release: { ...rendered, version: 0 }, objects, crds: [] };
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

interface ReleaseSecret extends KubeObject {
  data?: { release?: string };
}

const secretType: ResourceType = { group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true };

/** A minimal helm Secrets driver: `sh.helm.release.v1.<name>.v<N>`, base64(gzip(JSON)), helm's labels. */
export function secretStorage(client: KubeClient, namespace: string): ReleaseStorage {
  const secretName = (name: string, version: number) => `sh.helm.release.v1.${name}.v${version}`;
  const toSecret = (release: Release) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'helm.sh/release.v1',
    metadata: {
      name: secretName(release.name, release.version),
      namespace,
      labels: { name: release.name, owner: 'helm', status: release.info.status, version: String(release.version) },
    },
    data: {
      release: Buffer.from(gzipSync(JSON.stringify(release)).toString('base64')).toString('base64'),
    },
  });
  const fromSecret = (secret: ReleaseSecret): Release => {
    const inner = Buffer.from(secret.data?.release ?? '', 'base64').toString('utf8');
    return JSON.parse(gunzipSync(Buffer.from(inner, 'base64')).toString('utf8')) as Release;
  };
  const history = async (name: string) => {
    const list = await client.list<ReleaseSecret>(secretType, { namespace, labelSelector: `name=${name},owner=helm` });
    return list.items.map(fromSecret).sort((a, b) => a.version - b.version);
  };
  return {
    driver: StorageDriver.Secret,
    namespace,
    history,
    async last(name) {
      const all = await history(name);
      return all[all.length - 1];
    },
    async get(name, version) {
      try {
        return fromSecret(await client.get<ReleaseSecret>(secretType, namespace, secretName(name, version)));
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    },
    async create(release) {
      await client.create(secretType, toSecret(release));
    },
    async update(release) {
      await client.replace(secretType, toSecret(release));
    },
    async delete(name, version) {
      try {
        await client.delete(secretType, { namespace, name: secretName(name, version) });
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    },
    async prune(name, maxHistory) {
      const all = await history(name);
      for (const release of all.slice(0, Math.max(0, all.length - maxHistory))) {
        if (release.info.status !== 'deployed') await this.delete(name, release.version);
      }
    },
  };
}

/**
 * A chart for the action tests. Values: `extra` adds a ConfigMap, `kept` one with
 * `helm.sh/resource-policy: keep`, `simulate` sets the dev cluster's simulate annotation on the
 * Deployment, `hooks` adds pre-install ConfigMap hooks of the given weights, `failHook` a failing
 * pre-install/pre-upgrade Job, `tests` test Jobs (`{name, fail}`), `podTest` a test Pod.
 */
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
