import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Unstructured } from '@driftless/apply';
import { type DevCluster, startDevCluster } from '@driftless/devcluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifestSources } from './manifest-sources.js';
import { RenderError, RenderErrorReason } from './render-errors.js';
import { type RendererOptions, renderRelease } from './render-release.js';
import type { RenderRequest } from './rendered-release.js';

const repoRoot = resolve(import.meta.dirname, '../../../..');
const helmBinary = join(repoRoot, '.tools/bin/helm');
const kubectlBinary = join(repoRoot, '.tools/bin/kubectl');

let cluster: DevCluster;
let work: string;
let chartDir: string;
let chartArchive: string;
let options: RendererOptions;

const hookJob = `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "mychart.fullname" . }}-migrate
  annotations:
    "helm.sh/hook": pre-install,pre-upgrade
    "helm.sh/hook-weight": "-5"
    "helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
`;

const settingsConfigMap = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "mychart.fullname" . }}-settings
data:
  {{- toYaml .Values.settings | nindent 2 }}
`;

function crd(plural: string, kind: string): string {
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${plural}.example.com
spec:
  group: example.com
  names: {kind: ${kind}, plural: ${plural}, singular: ${kind.toLowerCase()}}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
`;
}

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { replicaCount: { type: 'integer', minimum: 1 } },
};

async function writeSubchart(parent: string, name: string, crdPlural: string, crdKind: string): Promise<void> {
  const dir = join(parent, 'charts', name);
  await mkdir(join(dir, 'crds'), { recursive: true });
  await mkdir(join(dir, 'templates'), { recursive: true });
  await writeFile(join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`);
  await writeFile(join(dir, 'values.yaml'), 'enabled: true\n');
  await writeFile(join(dir, 'crds', `${crdPlural}.yaml`), crd(crdPlural, crdKind));
  await writeFile(
    join(dir, 'templates', 'config.yaml'),
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-${name}\ndata: {from: ${name}}\n`,
  );
}

/** `helm create mychart`, plus a hook Job, a values-driven ConfigMap, CRDs, two subcharts (one disabled) and a schema. */
async function createChart(): Promise<void> {
  execFileSync(helmBinary, ['create', 'mychart'], { cwd: work, env: { HOME: work } });
  chartDir = join(work, 'mychart');
  await writeFile(join(chartDir, 'templates', 'hook-job.yaml'), hookJob);
  await writeFile(join(chartDir, 'templates', 'settings.yaml'), settingsConfigMap);
  await mkdir(join(chartDir, 'crds'));
  await writeFile(join(chartDir, 'crds', 'widgets.yaml'), crd('widgets', 'Widget'));
  await writeFile(join(chartDir, 'values.schema.json'), JSON.stringify(schema));
  await writeSubchart(chartDir, 'sub', 'gadgets', 'Gadget');
  await writeSubchart(chartDir, 'other', 'gizmos', 'Gizmo');
  const chartYaml = execFileSync('cat', [join(chartDir, 'Chart.yaml')], { encoding: 'utf8' });
  const dependencies = `dependencies:
  - {name: sub, version: 0.1.0, condition: sub.enabled}
  - {name: other, version: 0.1.0, condition: other.enabled}
`;
  await writeFile(join(chartDir, 'Chart.yaml'), chartYaml + dependencies);
  const values = execFileSync('cat', [join(chartDir, 'values.yaml')], { encoding: 'utf8' });
  await writeFile(join(chartDir, 'values.yaml'), `${values}\nsettings: {greeting: hi}\nother: {enabled: false}\n`);
  execFileSync(helmBinary, ['package', chartDir, '--destination', work], { cwd: work, env: { HOME: work } });
  chartArchive = join(work, 'mychart-0.1.0.tgz');
}

function request(overrides: Partial<RenderRequest> = {}): RenderRequest {
  return { chartPath: chartDir, releaseName: 'rel', namespace: 'apps', values: {}, ...overrides };
}

function kinds(objects: Unstructured[]): string[] {
  return objects.map((object) => `${object.kind}/${object.metadata.name}`);
}

function find(objects: Unstructured[], kind: string, name: string): Record<string, any> {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`${kind}/${name} not rendered`);
  return found;
}

async function renderError(promise: Promise<unknown>): Promise<RenderError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(RenderError);
  return error as RenderError;
}

beforeAll(async () => {
  cluster = await startDevCluster({ port: 0, workloadDelayMs: 0 });
  work = await mkdtemp(join(tmpdir(), 'helm-render-test-'));
  await createChart();
  options = {
    helmBinary,
    kubectlBinary,
    scratchDir: join(work, 'scratch'),
    kubeconfigPath: cluster.kubeconfigPath,
    maxOutputBytes: 4 * 1024 * 1024,
  };
});

afterAll(async () => {
  await cluster?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('renderRelease', () => {
  it('returns the manifest objects in helm install order and the hooks with their events, weight and delete policies', async () => {
    const { release, objects } = await renderRelease(request(), options);

    expect(kinds(objects)).toEqual([
      'ServiceAccount/rel-mychart',
      'ConfigMap/rel-sub',
      'ConfigMap/rel-mychart-settings',
      'Service/rel-mychart',
      'Deployment/rel-mychart',
    ]);
    expect(objects.every((object) => object.metadata.namespace === undefined)).toBe(true);
    const hooks = Object.fromEntries((release.hooks ?? []).map((hook) => [hook.name, hook]));
    expect(hooks['rel-mychart-migrate']).toMatchObject({
      kind: 'Job',
      path: 'mychart/templates/hook-job.yaml',
      events: ['pre-install', 'pre-upgrade'],
      weight: -5,
      delete_policies: ['before-hook-creation', 'hook-succeeded'],
      last_run: { phase: '' },
    });
    expect(hooks['rel-mychart-test-connection']).toMatchObject({ kind: 'Pod', events: ['test'], weight: 0 });
    expect(release).toMatchObject({ name: 'rel', namespace: 'apps', version: 0 });
    expect(release.info.status).toBe('pending-install');
    expect(release.info.notes).toContain('--namespace apps');
    expect(release.chart.metadata).toMatchObject({ name: 'mychart', version: '0.1.0' });
    expect(release.manifest).not.toContain('rel-mychart-migrate');
  });

  it('passes the values to helm: they reach the manifest and are the release config', async () => {
    const values = { replicaCount: 3, settings: { greeting: 'hello', flag: 'yes' }, sub: { enabled: false } };
    const { release, objects } = await renderRelease(request({ values }), options);

    expect(release.config).toEqual(values);
    expect(find(objects, 'Deployment', 'rel-mychart').spec.replicas).toBe(3);
    expect(find(objects, 'ConfigMap', 'rel-mychart-settings').data).toEqual({ greeting: 'hello', flag: 'yes' });
    expect(kinds(objects)).not.toContain('ConfigMap/rel-sub');
  });

  it('returns the CRDs of the chart and of its enabled subcharts, from a directory and from a packaged chart', async () => {
    const names = (crds: Unstructured[]) => crds.map((object) => object.metadata.name);

    const fromDir = await renderRelease(request(), options);
    const fromArchive = await renderRelease(request({ chartPath: chartArchive }), options);
    const toggled = await renderRelease(
      request({ chartPath: chartArchive, values: { sub: { enabled: false }, other: { enabled: true } } }),
      options,
    );

    expect(names(fromDir.crds)).toEqual(['widgets.example.com', 'gadgets.example.com']);
    expect(fromArchive.crds).toEqual(fromDir.crds);
    expect(fromDir.crds[0]).toMatchObject({ kind: 'CustomResourceDefinition', spec: { group: 'example.com' } });
    expect(names(toggled.crds)).toEqual(['widgets.example.com', 'gizmos.example.com']);
    expect(kinds(fromDir.objects).some((id) => id.startsWith('CustomResourceDefinition'))).toBe(false);
  });

  it('reads the CRDs of a subchart packaged as a .tgz, with a path longer than a tar header holds', async () => {
    const parent = join(work, 'parent');
    await mkdir(join(parent, 'charts'), { recursive: true });
    await writeFile(join(parent, 'Chart.yaml'), 'apiVersion: v2\nname: parent\nversion: 1.0.0\n');
    await writeSubchart(work, 'packed', 'sprockets', 'Sprocket');
    const longName = `${'a-very-long-crd-file-name-'.repeat(5)}sprockets.yaml`;
    execFileSync('mv', [join(work, 'charts/packed/crds/sprockets.yaml'), join(work, 'charts/packed/crds', longName)]);
    execFileSync(helmBinary, ['package', join(work, 'charts/packed'), '-d', join(parent, 'charts')], {
      env: { HOME: work },
    });
    execFileSync(helmBinary, ['package', parent, '-d', work], { env: { HOME: work } });

    const fromDir = await renderRelease(request({ chartPath: parent }), options);
    const fromArchive = await renderRelease(request({ chartPath: join(work, 'parent-1.0.0.tgz') }), options);

    expect(fromDir.crds.map((object) => object.metadata.name)).toEqual(['sprockets.example.com']);
    expect(fromArchive.crds).toEqual(fromDir.crds);
    expect(kinds(fromArchive.objects)).toEqual(['ConfigMap/rel-packed']);
  });

  it('applies kustomize post-renderers (strategic merge, JSON 6902 with a target, images) to the manifest, not to hooks', async () => {
    const postRenderers = [
      {
        kustomize: {
          patches: [
            { patch: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: rel-mychart\nspec:\n  replicas: 7\n' },
            {
              patch: '- op: add\n  path: /spec/sessionAffinity\n  value: ClientIP\n',
              target: { kind: 'Service', name: 'rel-mychart' },
            },
          ],
        },
      },
      { kustomize: { images: [{ name: 'nginx', newName: 'registry.example.com/nginx', newTag: '2.0' }] } },
    ];
    const { release, objects } = await renderRelease(request({ postRenderers }), options);

    const deployment = find(objects, 'Deployment', 'rel-mychart');
    expect(deployment.spec.replicas).toBe(7);
    expect(deployment.spec.template.spec.containers[0].image).toBe('registry.example.com/nginx:2.0');
    expect(find(objects, 'Service', 'rel-mychart').spec.sessionAffinity).toBe('ClientIP');
    const hook = release.hooks?.find((h) => h.name === 'rel-mychart-migrate');
    expect(hook?.manifest).toContain('image: "nginx:1.16.0"');
    expect(kinds(objects)).toEqual(kinds((await renderRelease(request(), options)).objects));
    expect(release.manifest).toContain('---\n# Source: mychart/templates/deployment.yaml\n');
    expect(parseManifestSources(release.manifest).map((s) => s.object)).toEqual(objects);
  });

  it('adds the origin labels and commonMetadata to every manifest object, not to hooks', async () => {
    const originLabels = { 'helm.toolkit.fluxcd.io/name': 'rel', 'helm.toolkit.fluxcd.io/namespace': 'flux' };
    const commonMetadata = { labels: { team: 'a' }, annotations: { owner: 'ops' } };
    const { release, objects } = await renderRelease(request({ originLabels, commonMetadata }), options);

    expect(objects).toHaveLength(5);
    for (const object of objects) {
      expect(object.metadata.labels).toMatchObject({ ...originLabels, team: 'a' });
      expect(object.metadata.annotations).toMatchObject({ owner: 'ops' });
    }
    expect(find(objects, 'Deployment', 'rel-mychart').metadata.labels['app.kubernetes.io/managed-by']).toBe('Helm');
    expect(release.manifest.match(/helm\.toolkit\.fluxcd\.io\/name: rel/g)).toHaveLength(5);
    for (const hook of release.hooks ?? []) expect(hook.manifest).not.toContain('helm.toolkit.fluxcd.io');
  });

  it("fails with helm's own message on a template error", async () => {
    const broken = join(work, 'broken');
    execFileSync(helmBinary, ['create', 'broken'], { cwd: work, env: { HOME: work } });
    await writeFile(join(broken, 'templates', 'oops.yaml'), '{{ .Values.missing.deeper }}\n');

    const error = await renderError(renderRelease(request({ chartPath: broken }), options));

    expect(error.reason).toBe(RenderErrorReason.HelmFailed);
    expect(error.message).toMatch(/^template: broken\/templates\/oops\.yaml:1:\d+: executing .*nil pointer evaluating/);
  });

  it("fails with helm's message when the values break values.schema.json, without the values", async () => {
    const error = await renderError(renderRelease(request({ values: { replicaCount: 'many-secret' } }), options));

    expect(error.reason).toBe(RenderErrorReason.HelmFailed);
    expect(error.message).toContain("values don't meet the specifications of the schema");
    expect(error.message).toContain('replicaCount: Invalid type. Expected: integer, given: string');
    expect(error.message).not.toContain('many-secret');
  });

  it('fails for a missing chart, an output over the limit, a failing post-renderer and an abort', async () => {
    const missing = await renderError(renderRelease(request({ chartPath: join(work, 'nope') }), options));
    const tooLarge = await renderError(renderRelease(request(), { ...options, maxOutputBytes: 100 }));
    const badPatch = {
      kustomize: { patches: [{ patch: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: absent\ndata: {a: b}\n' }] },
    };
    const postRenderers = [{ kustomize: { images: [{ name: 'nginx', newTag: '1' }] } }, badPatch];
    const postRender = await renderError(renderRelease(request({ postRenderers }), options));
    const aborted = await renderError(renderRelease(request({ signal: AbortSignal.abort() }), options));

    expect(missing.reason).toBe(RenderErrorReason.HelmFailed);
    expect(missing.message).toMatch(/^path ".*nope" not found$/);
    expect(tooLarge.reason).toBe(RenderErrorReason.OutputTooLarge);
    expect(postRender.reason).toBe(RenderErrorReason.PostRenderFailed);
    expect(postRender.message).toMatch(/^post-renderer 2 \(kustomize\) failed: .*absent/);
    expect(aborted.reason).toBe(RenderErrorReason.Aborted);
  });

  it('leaves nothing in the scratch dir, after a success or a failure', async () => {
    await renderRelease(
      request({ postRenderers: [{ kustomize: { images: [{ name: 'nginx', newTag: '1' }] } }] }),
      options,
    );
    await renderError(renderRelease(request({ values: { replicaCount: 0 } }), options));

    expect(await readdir(options.scratchDir)).toEqual([]);
  });
});
