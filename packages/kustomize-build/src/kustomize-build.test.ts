import { cp, mkdtemp, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { BuildSpec } from './build-spec.js';
import { BuildError, ManifestDecodeError, PathEscapeError, PathNotFoundError, RemoteReferenceError } from './errors.js';
import { type BuildInput, buildManifests } from './kustomize-build.js';

const fixtures = fileURLToPath(new URL('../test/fixtures/build', import.meta.url));
const kubectlBinary = fileURLToPath(new URL('../../../.tools/bin/kubectl', import.meta.url));

type Manifest = {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
};

function input(artifact: string, options: { path?: string; spec?: BuildSpec } = {}): BuildInput {
  return {
    artifactRoot: path.join(fixtures, artifact),
    path: options.path,
    spec: options.spec ?? {},
    kubectlBinary,
    timeoutMs: 30_000,
    maxOutputBytes: 10 * 1024 * 1024,
  };
}

async function build(artifact: string, options: { path?: string; spec?: BuildSpec } = {}): Promise<Manifest[]> {
  const yaml = await buildManifests(input(artifact, options));
  return parseAllDocuments(yaml).map((document) => document.toJS() as Manifest);
}

function find(objects: Manifest[], kind: string, name: string): Manifest {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found)
    throw new Error(`${kind}/${name} not in ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}

describe('buildManifests with the real kustomize', () => {
  it('builds a directory without kustomization.yaml from every manifest in it', async () => {
    const objects = await build('plain');
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/extra',
      'ConfigMap/settings',
      'ConfigMap/sub',
      'Deployment/web',
      'Service/web',
      'ServiceAccount/last',
    ]);
  });

  it('builds an overlay that refers to a base above it', async () => {
    const objects = await build('layered', { path: './overlays/prod' });
    const deployment = find(objects, 'Deployment', 'web');
    expect(deployment.metadata.namespace).toBe('prod');
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.template.spec.containers[0].image).toBe('ghcr.io/example/web:2.0.0');
    expect(objects.some((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('app-env-'))).toBe(true);
  });

  it.each<[string, BuildSpec, (objects: Manifest[]) => void]>([
    [
      'targetNamespace sets the namespace of every object',
      { targetNamespace: 'team-a' },
      (objects) => expect(objects.map((o) => o.metadata.namespace)).toEqual(objects.map(() => 'team-a')),
    ],
    [
      'namePrefix and nameSuffix rename objects and references',
      { namePrefix: 'blue-', nameSuffix: '-v2' },
      (objects) => {
        expect(find(objects, 'Deployment', 'blue-web-v2')).toBeDefined();
        expect(find(objects, 'Service', 'blue-web-v2').spec.selector).toEqual({ app: 'web' });
      },
    ],
    [
      'commonMetadata labels and annotates metadata but not selectors or templates',
      { commonMetadata: { labels: { team: 'platform' }, annotations: { 'example.com/owner': 'ops' } } },
      (objects) => {
        for (const object of objects) {
          expect(object.metadata.labels?.team).toBe('platform');
          expect(object.metadata.annotations?.['example.com/owner']).toBe('ops');
        }
        const deployment = find(objects, 'Deployment', 'web');
        expect(deployment.spec.selector.matchLabels).toEqual({ app: 'web' });
        expect(deployment.spec.template.metadata.labels).toEqual({ app: 'web' });
      },
    ],
    [
      'a patch with a target changes only the targeted objects',
      {
        patches: [
          {
            patch: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: any\ndata:\n  patched: "yes"\n',
            target: { kind: 'ConfigMap', name: 'settings' },
          },
        ],
      },
      (objects) => {
        expect(find(objects, 'ConfigMap', 'settings').data).toEqual({ mode: 'plain', patched: 'yes' });
        expect(find(objects, 'ConfigMap', 'extra').data).toEqual({ mode: 'extra' });
      },
    ],
    [
      'an image override replaces the image',
      { images: [{ name: 'ghcr.io/example/web', newName: 'registry.local/web', newTag: '3.1.0' }] },
      (objects) =>
        expect(find(objects, 'Deployment', 'web').spec.template.spec.containers[0].image).toBe(
          'registry.local/web:3.1.0',
        ),
    ],
  ])('%s', async (_name, spec, check) => {
    check(await build('plain', { spec }));
  });

  it('overrides the overlay image of the same name and adds components, as Flux does', async () => {
    const objects = await build('layered', {
      path: 'overlays/prod',
      spec: {
        images: [{ name: 'ghcr.io/example/web', digest: 'sha256:' + 'a'.repeat(64) }],
        components: ['../../components/team'],
      },
    });
    const deployment = find(objects, 'Deployment', 'web');
    expect(deployment.spec.template.spec.containers[0].image).toBe(`ghcr.io/example/web@sha256:${'a'.repeat(64)}`);
    expect(deployment.metadata.annotations).toEqual({ team: 'platform' });
  });

  it('does not modify the artifact, so the next build with other options is not affected', async () => {
    const before = await readdir(path.join(fixtures, 'plain'), { recursive: true });
    const first = await build('plain', { spec: { targetNamespace: 'one', namePrefix: 'p-' } });
    const second = await build('plain');
    expect(await readdir(path.join(fixtures, 'plain'), { recursive: true })).toEqual(before);
    expect(find(first, 'Deployment', 'p-web').metadata.namespace).toBe('one');
    expect(find(second, 'Deployment', 'web').metadata.namespace).toBeUndefined();
  });
});

describe('buildManifests refuses unsafe input', () => {
  let temp: string;

  beforeEach(async () => {
    temp = await realpath(await mkdtemp(path.join(tmpdir(), 'kustomize-build-')));
  });

  afterEach(async () => {
    await rm(temp, { recursive: true, force: true });
  });

  it('refuses a resource outside the artifact, naming the file and the reference', async () => {
    const run = buildManifests(input('escape', { path: 'apps' }));
    await expect(run).rejects.toThrow(PathEscapeError);
    await expect(run).rejects.toThrow(
      'apps/kustomization.yaml: resources entry path "../../../outside" is outside the artifact',
    );
  });

  it('refuses generator files outside the artifact', async () => {
    await expect(buildManifests(input('escape', { path: 'generator' }))).rejects.toThrow(
      'generator/kustomization.yaml: configMapGenerator entry path "../../../../../etc/passwd" is outside the artifact',
    );
  });

  it('refuses a symlink that leaves the artifact', async () => {
    const artifact = path.join(temp, 'artifact');
    await cp(path.join(fixtures, 'layered'), artifact, { recursive: true });
    await symlink(path.join(fixtures, 'plain'), path.join(artifact, 'overlays', 'prod', 'linked'));
    await writeFile(
      path.join(artifact, 'overlays', 'prod', 'kustomization.yaml'),
      'resources:\n  - ../../base\n  - linked/service.yml\n',
    );
    const run = buildManifests({ ...input('layered', { path: 'overlays/prod' }), artifactRoot: artifact });
    await expect(run).rejects.toThrow(PathEscapeError);
    await expect(run).rejects.toThrow('overlays/prod/kustomization.yaml: resources entry path "linked/service.yml"');
  });

  it('refuses spec.path outside the artifact, and a missing one', async () => {
    await expect(buildManifests(input('plain', { path: '../layered' }))).rejects.toThrow(
      new PathEscapeError('../layered'),
    );
    await expect(buildManifests(input('plain', { path: './apps/prod' }))).rejects.toThrow(PathNotFoundError);
  });

  it('refuses spec.components that leave the artifact', async () => {
    await expect(
      buildManifests(input('layered', { path: 'overlays/prod', spec: { components: ['../../../elsewhere'] } })),
    ).rejects.toThrow('spec.components entry path "../../../elsewhere" is outside the artifact');
  });

  it('refuses remote resources', async () => {
    const run = buildManifests(input('remote', { path: 'apps' }));
    await expect(run).rejects.toThrow(RemoteReferenceError);
    await expect(run).rejects.toThrow(
      /apps\/kustomization.yaml: resources entry "https:\/\/github.com\/.*" is a remote/,
    );
  });

  it('fails on a manifest that is not Kubernetes YAML when generating', async () => {
    await expect(buildManifests(input('not-kubernetes'))).rejects.toThrow(ManifestDecodeError);
    await expect(buildManifests(input('invalid-yaml'))).rejects.toThrow(/broken\.yaml/);
  });

  it("reports kustomize's error with artifact-relative paths", async () => {
    const error = await buildManifests(input('kustomize-error', { path: 'apps' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildError);
    const message = (error as BuildError).message;
    expect(message).toMatch(/^kustomize build failed: .*missing\.yaml/s);
    expect(message).toContain('apps/missing.yaml');
    expect(message).not.toContain(tmpdir());
    expect((error as BuildError).stderr).not.toContain('driftless-build-');
  });

  it('fails when the output is bigger than allowed', async () => {
    await expect(buildManifests({ ...input('plain'), maxOutputBytes: 100 })).rejects.toThrow(
      'kustomize build output exceeds the limit of 100 bytes',
    );
  });

  it('passes an abort on to kustomize', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(buildManifests(input('plain'), controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('leaves no scratch directories behind', async () => {
    const before = (await readdir(tmpdir())).filter((name) => name.startsWith('driftless-build-')).length;
    await build('plain');
    await buildManifests(input('escape', { path: 'apps' })).catch(() => undefined);
    const after = (await readdir(tmpdir())).filter((name) => name.startsWith('driftless-build-')).length;
    expect(after).toBeLessThanOrEqual(before);
  });
});
