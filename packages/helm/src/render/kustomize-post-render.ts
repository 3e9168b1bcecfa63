import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatManifest, reattachSources, type SourcedObject } from './manifest-sources.js';
import { parseHelmYaml } from './manifest-yaml.js';
import { RenderError, RenderErrorReason } from './render-errors.js';
import type { PostRenderer } from './rendered-release.js';
import { runTool, toolErrorMessage } from './tool-process.js';

export interface KustomizeRun {
  kubectlBinary: string;
  /** A fresh dir of the render's scratch space. */
  home: string;
  maxOutputBytes: number;
  signal?: AbortSignal;
}

const helmOutput = 'helm-output.yaml';

/** Runs the post-renderers in order, each as a `kubectl kustomize` build over the previous one's output. */
export async function runKustomizePostRenderers(
  objects: SourcedObject[],
  postRenderers: PostRenderer[],
  run: KustomizeRun,
): Promise<SourcedObject[]> {
  let current = objects;
  for (const [index, renderer] of postRenderers.entries()) {
    if (!renderer.kustomize || current.length === 0) continue;
    const dir = join(run.home, `post-renderer-${index}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, helmOutput), formatManifest(current));
    await writeFile(join(dir, 'kustomization.yaml'), JSON.stringify(kustomization(renderer.kustomize)));
    current = reattachSources(current, await build(dir, index, run));
  }
  return current;
}

/** Flux's post-render kustomization: the helm output as its one resource, patches and images as given. */
function kustomization(spec: NonNullable<PostRenderer['kustomize']>): Record<string, unknown> {
  return {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [helmOutput],
    // kustomize would otherwise re-sort by kind; the manifest keeps helm's install order.
    sortOptions: { order: 'fifo' },
    ...(spec.patches?.length ? { patches: spec.patches } : {}),
    ...(spec.images?.length ? { images: spec.images } : {}),
  };
}

async function build(dir: string, index: number, run: KustomizeRun) {
  const which = `post-renderer ${index + 1} (kustomize)`;
  const result = await runTool({
    binary: run.kubectlBinary,
    args: ['kustomize', dir],
    home: run.home,
    maxOutputBytes: run.maxOutputBytes,
    ...(run.signal ? { signal: run.signal } : {}),
  }).catch((err: unknown) => {
    if (err instanceof RenderError && err.reason !== RenderErrorReason.Aborted) {
      throw new RenderError(err.reason, `${which}: ${err.message}`, { cause: err });
    }
    throw err;
  });
  if (result.code !== 0) {
    const message = toolErrorMessage(result.stderr, `kubectl exited with code ${result.code}`);
    throw new RenderError(RenderErrorReason.PostRenderFailed, `${which} failed: ${message}`);
  }
  try {
    return parseHelmYaml(result.stdout, which);
  } catch (err) {
    throw new RenderError(RenderErrorReason.PostRenderFailed, `${which} printed an invalid manifest`, { cause: err });
  }
}
