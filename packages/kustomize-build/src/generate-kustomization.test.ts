import { cp, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ManifestDecodeError, PathEscapeError } from './errors.js';
import { GenerateAction, generateKustomization } from './generate-kustomization.js';

const fixtures = fileURLToPath(new URL('../test/fixtures/build', import.meta.url));

let temp: string;

beforeEach(async () => {
  temp = await realpath(await mkdtemp(path.join(tmpdir(), 'generate-')));
});

afterEach(async () => {
  await rm(temp, { recursive: true, force: true });
});

async function copyFixture(name: string): Promise<string> {
  const target = path.join(temp, name);
  await cp(path.join(fixtures, name), target, { recursive: true });
  return target;
}

describe('generateKustomization', () => {
  it('lists every manifest below the directory in walk order, like Flux', async () => {
    const dir = await copyFixture('plain');
    const result = await generateKustomization(dir, dir);
    expect(result).toEqual({ action: GenerateAction.Created, file: path.join(dir, 'kustomization.yaml') });
    expect(parse(await readFile(result.file, 'utf8'))).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      // hidden dirs, README.md and values.json are left out; a dir with its own kustomization is one resource
      resources: [
        './deployment.yaml',
        './nested/configmap.yaml',
        './service.yml',
        './with-kustomization',
        './zz/last.yaml',
      ],
    });
  });

  it('keeps an existing kustomization file', async () => {
    const dir = await copyFixture('layered');
    const prod = path.join(dir, 'overlays', 'prod');
    const before = await readFile(path.join(prod, 'kustomization.yaml'), 'utf8');
    const result = await generateKustomization(prod, dir);
    expect(result.action).toBe(GenerateAction.Unchanged);
    expect(await readFile(result.file, 'utf8')).toBe(before);
  });

  it('writes an empty resource list for a directory without manifests', async () => {
    const result = await generateKustomization(temp, temp);
    expect(parse(await readFile(result.file, 'utf8')).resources).toEqual([]);
  });

  it('fails on a YAML file that is not a Kubernetes object, naming it relative to the root', async () => {
    const dir = await copyFixture('not-kubernetes');
    const run = generateKustomization(dir, temp);
    await expect(run).rejects.toThrow(ManifestDecodeError);
    await expect(run).rejects.toThrow(
      'failed to decode Kubernetes YAML from not-kubernetes/config.yaml: missing Resource metadata',
    );
  });

  it('fails on invalid YAML', async () => {
    const dir = await copyFixture('invalid-yaml');
    await expect(generateKustomization(dir, dir)).rejects.toThrow(/^failed to decode Kubernetes YAML from broken.yaml/);
  });

  it('refuses a symlinked manifest that points outside the root', async () => {
    const dir = await copyFixture('plain');
    await writeFile(path.join(temp, 'secret.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n');
    await symlink('../secret.yaml', path.join(dir, 'link.yaml'));
    await expect(generateKustomization(dir, dir)).rejects.toThrow(PathEscapeError);
  });
});
