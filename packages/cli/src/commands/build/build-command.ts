import { stringify } from 'yaml';
import type { CliIo } from '../../context/cli-io.js';
import { CommandFailure, reportFailure } from '../../context/command-failure.js';
import { ExitCode } from '../../exit-code.js';
import {
  buildFromFlags,
  type KustomizationBuildFlags,
  LazyClient,
  loadKustomization,
  localPath,
} from './build-source.js';

export interface BuildKustomizationFlags extends KustomizationBuildFlags {
  /** Read nothing from the cluster: needs --kustomization-file; substituteFrom is skipped. */
  dryRun?: boolean;
}

/** `driftless build kustomization <name> --path DIR`: prints the objects the controller would apply. */
export async function runBuildKustomization(
  name: string,
  flags: BuildKustomizationFlags,
  io: CliIo,
): Promise<ExitCode> {
  const client = new LazyClient(flags, io);
  try {
    const dryRun = flags.dryRun ?? false;
    if (dryRun && !flags.kustomizationFile) {
      throw new CommandFailure('dry-run mode requires a kustomization file', ExitCode.usage);
    }
    const path = await localPath(flags, io);
    const kustomization = await loadKustomization(name, flags, io, { client, liveStatus: false });
    const objects = await buildFromFlags(kustomization, path, { ...flags, dryRun }, io, client);
    io.stdout.write(objects.map((object) => stringify(object, { lineWidth: 0 })).join('---\n'));
    return ExitCode.ok;
  } catch (error) {
    return reportFailure('build kustomization', error, io, client.server);
  }
}
