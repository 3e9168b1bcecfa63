import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Unstructured } from '@driftless/apply';
import { type KubeClient, NotFoundError } from '@driftless/runtime';
import type { CliIo } from '../../context/cli-io.js';
import { CommandFailure } from '../../context/command-failure.js';
import { type ConnectionFlags, kubeClientFor, resolveConnection } from '../../context/connection.js';
import { findTool } from '../../context/repo-layout.js';
import { ExitCode } from '../../exit-code.js';
import { getKustomization, type NamedKustomization, readKustomizationFile } from './load-kustomization.js';
import { buildLocal } from './local-build.js';

/** The flags `build kustomization` and `diff kustomization` share. */
export interface KustomizationBuildFlags extends ConnectionFlags {
  namespace: string;
  path?: string;
  kustomizationFile?: string;
  strictSubstitute?: boolean;
  kubectl?: string;
  /** kustomize's time limit in milliseconds (`--timeout 80s`). */
  timeout: number;
}

export interface LocalBuild {
  kustomization: NamedKustomization;
  objects: Unstructured[];
}

/** Connects lazily: only what needs the cluster opens a client, so a build from files stays offline. */
export class LazyClient {
  #client: KubeClient | undefined;
  readonly #connection;
  constructor(flags: ConnectionFlags, io: CliIo) {
    this.#connection = resolveConnection(flags, io.env, io.cwd);
  }
  get(): KubeClient {
    this.#client ??= kubeClientFor(this.#connection, 'kustomize-controller');
    return this.#client;
  }
  /** The API server's address once a client exists, for messages about an unreachable cluster. */
  get server(): string | undefined {
    return this.#client?.server.origin;
  }
}

/** The checked, absolute --path. */
export async function localPath(flags: KustomizationBuildFlags, io: CliIo): Promise<string> {
  if (!flags.path) throw new CommandFailure('--path is required', ExitCode.usage);
  const path = resolve(io.cwd, flags.path);
  const stats = await stat(path).catch(() => undefined);
  if (!stats?.isDirectory()) throw new CommandFailure(`invalid resource path "${flags.path}"`, ExitCode.notFound);
  return path;
}

/** The Kustomization as flux finds it: the local file when given (with the live status when asked), else the cluster's. */
export async function loadKustomization(
  name: string,
  flags: KustomizationBuildFlags,
  io: CliIo,
  cluster: { client: LazyClient; liveStatus: boolean },
): Promise<NamedKustomization> {
  if (!flags.kustomizationFile) return getKustomization(cluster.client.get(), flags.namespace, name);
  const local = await readKustomizationFile(resolve(io.cwd, flags.kustomizationFile), flags.namespace, name);
  if (!cluster.liveStatus) return local;
  const live = await getKustomization(cluster.client.get(), flags.namespace, name).catch((error: unknown) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
  return live?.status ? { ...local, status: live.status } : local;
}

export async function buildFromFlags(
  kustomization: NamedKustomization,
  path: string,
  flags: KustomizationBuildFlags & { dryRun: boolean },
  io: CliIo,
  client: LazyClient,
): Promise<Unstructured[]> {
  const needsCluster = !flags.dryRun && (kustomization.spec.postBuild?.substituteFrom?.length ?? 0) > 0;
  return buildLocal({
    kustomization,
    path,
    cwd: io.cwd,
    kubectlBinary: findTool('kubectl', flags.kubectl),
    client: needsCluster ? client.get() : undefined,
    dryRun: flags.dryRun,
    strictSubstitute: flags.strictSubstitute ?? false,
    timeoutMs: flags.timeout,
    warn: (message) => io.stderr.write(`⚠ ${message}\n`),
    signal: io.signal,
  });
}
