import { execFile } from 'node:child_process';
import { cp, mkdtemp, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments, stringify } from 'yaml';
import type { BuildSpec } from './build-spec.js';
import { BuildError, PathNotFoundError } from './errors.js';
import { setCommonMetadata, writeFluxOverlay } from './flux-overlay.js';
import { generateKustomization } from './generate-kustomization.js';
import { checkReferences } from './references.js';
import { resolveInside } from './safe-path.js';

const execFileAsync = promisify(execFile);

export interface BuildInput {
  /** The extracted artifact; never modified. */
  artifactRoot: string;
  /** spec.path, relative to the artifact root; the root when empty. */
  path?: string;
  spec: BuildSpec;
  kubectlBinary: string;
  timeoutMs: number;
  /** kustomize's output above this many bytes fails the build. */
  maxOutputBytes: number;
  /** Copies only the artifact paths it accepts (absolute source paths); everything when not given. */
  copyFilter?: (source: string) => boolean;
}

/**
 * Builds the manifests of a Kustomization with the real kustomize (`kubectl kustomize`), the way Flux does:
 * generate a kustomization when the path has none, merge the spec's kustomize options into it, check that every
 * local reference stays in the artifact and none is remote, build, then set `commonMetadata` on every object.
 * Returns kustomize's multi-document YAML.
 *
 * The artifact is copied to a scratch directory first: Flux edits the kustomization file in place, and doing so
 * in the caller's tree would leak one build's options into the next build of the same extraction (and race with
 * concurrent builds of it). Artifacts are manifests, usually kilobytes, so the copy is cheap next to kustomize.
 */
export async function buildManifests(input: BuildInput, signal?: AbortSignal): Promise<string> {
  const scratch = await realpath(await mkdtemp(path.join(tmpdir(), 'driftless-build-')));
  try {
    const root = path.join(scratch, 'artifact');
    await cp(input.artifactRoot, root, {
      recursive: true,
      verbatimSymlinks: true,
      errorOnExist: true,
      force: false,
      filter: input.copyFilter,
    });
    const dir = resolveInside(root, input.path ?? '');
    if (!(await stat(dir)).isDirectory()) throw new PathNotFoundError(input.path ?? '', 'is not a directory');
    const { file } = await generateKustomization(dir, root);
    await writeFluxOverlay(file, input.spec, root);
    await checkReferences(dir, root);
    const output = await runKustomize(dir, { input, root, scratch, signal });
    return withCommonMetadata(output, input.spec);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

interface RunContext {
  input: BuildInput;
  root: string;
  scratch: string;
  signal: AbortSignal | undefined;
}

async function runKustomize(dir: string, context: RunContext): Promise<string> {
  const { input, signal } = context;
  try {
    const { stdout } = await execFileAsync(
      input.kubectlBinary,
      ['kustomize', '--load-restrictor', 'LoadRestrictionsNone', dir],
      {
        cwd: context.scratch,
        // No kubeconfig and a throwaway HOME: a build needs neither the cluster nor the user's settings.
        env: { HOME: context.scratch, KUBECONFIG: path.join(context.scratch, 'no-kubeconfig') },
        timeout: input.timeoutMs,
        maxBuffer: input.maxOutputBytes,
        encoding: 'utf8',
        signal,
        windowsHide: true,
      },
    );
    return stdout;
  } catch (error) {
    throw toBuildError(error, context);
  }
}

interface ExecFailure extends Error {
  code?: number | string;
  killed?: boolean;
  signal?: string | null;
  stderr?: string;
}

function toBuildError(error: unknown, context: RunContext): Error {
  const failure = error as ExecFailure;
  if (failure.name === 'AbortError') return failure;
  const stderr = relativizePaths(String(failure.stderr ?? '').trim(), context);
  const { input } = context;
  if (failure.code === 'ENOENT') {
    return new BuildError(`kustomize build failed: kubectl not found at ${input.kubectlBinary}`, { cause: error });
  }
  if (failure.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
    return new BuildError(`kustomize build output exceeds the limit of ${input.maxOutputBytes} bytes`, {
      cause: error,
    });
  }
  if (failure.killed && failure.signal) {
    return new BuildError(`kustomize build timed out after ${input.timeoutMs}ms`, { cause: error, stderr });
  }
  return new BuildError(`kustomize build failed: ${stderr || failure.message}`, { cause: error, stderr });
}

/** Makes the scratch paths in kustomize's messages artifact-relative (`/tmp/driftless-build-x/artifact/apps` → `apps`). */
function relativizePaths(text: string, context: RunContext): string {
  return text.split(`${context.root}/`).join('').split(context.root).join('.').split(context.scratch).join('<build>');
}

function withCommonMetadata(output: string, spec: BuildSpec): string {
  const { labels = {}, annotations = {} } = spec.commonMetadata ?? {};
  if (Object.keys(labels).length === 0 && Object.keys(annotations).length === 0) return output;
  const objects = parseAllDocuments(output)
    .map((document) => document.toJS() as unknown)
    .filter((value): value is Record<string, unknown> => value !== null && typeof value === 'object');
  return setCommonMetadata(objects, spec.commonMetadata)
    .map((object) => stringify(object, { lineWidth: 0 }))
    .join('---\n');
}
