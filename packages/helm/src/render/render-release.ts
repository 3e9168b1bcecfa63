import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Unstructured } from '@driftless/apply';
import type { Release } from '../release/release.js';
import { chartCrds } from './chart-crds.js';
import { loadChartTree } from './chart-tree.js';
import { releaseFromHelmJson } from './helm-release-json.js';
import { runKustomizePostRenderers } from './kustomize-post-render.js';
import { formatManifest, parseManifestSources, type SourcedObject } from './manifest-sources.js';
import { addMetadata, hasMetadata } from './metadata-post-render.js';
import { RenderError, RenderErrorReason } from './render-errors.js';
import type { RenderedRelease, RenderRequest } from './rendered-release.js';
import { runTool, toolErrorMessage } from './tool-process.js';

export interface RendererOptions {
  helmBinary: string;
  /** kubectl with its built-in kustomize, for post-renderers. */
  kubectlBinary: string;
  /** Each render works in a fresh directory under it, removed when the render ends. */
  scratchDir: string;
  /** The cluster helm asks for discovery (Capabilities); unset inside a pod. */
  kubeconfigPath?: string;
  /**
   * Given to helm when `kubeconfigPath` is unset, so that it finds the cluster from inside a pod:
   * the process's `KUBERNETES_SERVICE_HOST` and `KUBERNETES_SERVICE_PORT`, read by the service's config.
   */
  inClusterEnv?: { KUBERNETES_SERVICE_HOST?: string; KUBERNETES_SERVICE_PORT?: string };
  /** Largest output accepted from helm or kustomize, in bytes. */
  maxOutputBytes: number;
}

/**
 * Renders a chart with the real helm (`helm install --dry-run=client -o json`), then post-renders
 * the manifest (kustomize post-renderers, commonMetadata, origin labels) as Flux does; hooks are left
 * as helm made them. Returns the release record, the manifest's objects and the chart's CRDs.
 */
export async function renderRelease(request: RenderRequest, options: RendererOptions): Promise<RenderedRelease> {
  await mkdir(options.scratchDir, { recursive: true });
  const home = await mkdtemp(join(options.scratchDir, 'render-'));
  try {
    const rendered = await runHelm(request, options, home);
    const crds = await readCrds(request);
    const sourced = readManifest(rendered.manifest);
    if (!needsPostRender(request)) return { release: rendered, objects: sourced.map((s) => s.object), crds };
    const objects = await postRender(sourced, request, options, home);
    const release: Release = { ...rendered, manifest: formatManifest(objects) };
    return { release, objects: objects.map((s) => s.object), crds };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

async function runHelm(request: RenderRequest, options: RendererOptions, home: string): Promise<Release> {
  const valuesFile = join(home, 'values.json');
  await writeFile(valuesFile, JSON.stringify(request.values), { mode: 0o600 });
  const args = [
    'install',
    request.releaseName,
    resolve(request.chartPath),
    '--namespace',
    request.namespace,
    '--dry-run=client',
    '--output',
    'json',
    '--values',
    valuesFile,
  ];
  if (options.kubeconfigPath) args.push('--kubeconfig', resolve(options.kubeconfigPath));
  const result = await runTool({
    binary: options.helmBinary,
    args,
    home,
    extraEnv: options.kubeconfigPath ? {} : definedEntries(options.inClusterEnv ?? {}),
    maxOutputBytes: options.maxOutputBytes,
    ...(request.signal ? { signal: request.signal } : {}),
  });
  if (result.code !== 0) {
    throw new RenderError(
      RenderErrorReason.HelmFailed,
      toolErrorMessage(result.stderr, `helm exited with code ${result.code}`),
    );
  }
  return releaseFromHelmJson(result.stdout);
}

async function readCrds(request: RenderRequest): Promise<Unstructured[]> {
  try {
    return chartCrds(await loadChartTree(request.chartPath), request.values);
  } catch (err) {
    throw new RenderError(RenderErrorReason.ChartUnreadable, `reading the chart's CRDs: ${firstLine(err)}`, {
      cause: err,
    });
  }
}

function readManifest(manifest: string): SourcedObject[] {
  try {
    return parseManifestSources(manifest);
  } catch (err) {
    throw new RenderError(RenderErrorReason.InvalidOutput, `reading helm's manifest: ${firstLine(err)}`, {
      cause: err,
    });
  }
}

function needsPostRender(request: RenderRequest): boolean {
  return (request.postRenderers ?? []).some((renderer) => renderer.kustomize) || hasMetadata(request);
}

async function postRender(
  objects: SourcedObject[],
  request: RenderRequest,
  options: RendererOptions,
  home: string,
): Promise<SourcedObject[]> {
  const kustomized = await runKustomizePostRenderers(objects, request.postRenderers ?? [], {
    kubectlBinary: options.kubectlBinary,
    home,
    maxOutputBytes: options.maxOutputBytes,
    ...(request.signal ? { signal: request.signal } : {}),
  });
  return kustomized.map(({ object, source }) => {
    const labelled = addMetadata(object, request);
    return source === undefined ? { object: labelled } : { object: labelled, source };
  });
}

/** YAML errors quote the offending lines after the first; those may hold secret values. */
function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0] ?? '';
}

function definedEntries(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
