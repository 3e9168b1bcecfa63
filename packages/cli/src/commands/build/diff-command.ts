import { ResourceManager } from '@driftless/apply';
import type { CliIo } from '../../context/cli-io.js';
import { describeFailure, exitCodeOf } from '../../context/command-failure.js';
import { ExitCode } from '../../exit-code.js';
import { colorEnabled, type Paint, painter } from '../../output/colors.js';
import {
  buildFromFlags,
  type KustomizationBuildFlags,
  LazyClient,
  loadKustomization,
  localPath,
} from './build-source.js';
import { DiffAction, diffObjects, type ObjectChange, prunedObjects } from './diff-kustomization.js';

export interface DiffKustomizationFlags extends KustomizationBuildFlags {
  /** Show inventory objects the build dropped as deleted; the Kustomization's spec.prune when not given. */
  prune?: boolean;
}

/** The exit code when the diff itself failed, as `kubectl diff` and `flux diff` use it. */
const diffFailed = 2 as ExitCode;

/**
 * `driftless diff kustomization <name> --path DIR`: builds DIR as the controller would build the
 * Kustomization, dry-runs every object against the cluster and prints what applying would change.
 * Exits 0 when nothing would, 1 when something would, 2 or more when the diff failed.
 */
export async function runDiffKustomization(name: string, flags: DiffKustomizationFlags, io: CliIo): Promise<ExitCode> {
  const client = new LazyClient(flags, io);
  try {
    const path = await localPath(flags, io);
    const kustomization = await loadKustomization(name, flags, io, { client, liveStatus: true });
    const objects = await buildFromFlags(kustomization, path, { ...flags, dryRun: false }, io, client);
    const manager = new ResourceManager({ client: client.get() });
    const { changes, errors } = await diffObjects(manager, objects);
    const prune = flags.prune ?? kustomization.spec.prune;
    if (prune && errors.length === 0) changes.push(...(await prunedObjects(manager, kustomization, objects)));
    printChanges(changes, io, painter(colorEnabled(io.stdout, io.env)));
    for (const message of errors) io.stderr.write(`driftless diff kustomization: ${message}\n`);
    if (errors.length > 0) return diffFailed;
    return changes.length > 0 ? ExitCode.failure : ExitCode.ok;
  } catch (error) {
    io.stderr.write(`driftless diff kustomization: ${describeFailure(error, client.server)}\n`);
    return Math.max(exitCodeOf(error, diffFailed), diffFailed) as ExitCode;
  }
}

function printChanges(changes: readonly ObjectChange[], io: CliIo, paint: Paint): void {
  for (const change of changes) {
    const color =
      change.action === DiffAction.Created ? 'green' : change.action === DiffAction.Deleted ? 'red' : 'yellow';
    io.stdout.write(`${paint(color, `► ${change.subject} ${change.action}`)}\n`);
    if (change.patch) io.stdout.write(colorPatch(change.patch, paint));
  }
}

function colorPatch(patch: string, paint: Paint): string {
  return patch
    .split(/(?<=\n)/)
    .map((line) => {
      if (line.startsWith('+') && !line.startsWith('+++')) return paint('green', line.trimEnd()) + '\n';
      if (line.startsWith('-') && !line.startsWith('---')) return paint('red', line.trimEnd()) + '\n';
      return line;
    })
    .join('');
}
