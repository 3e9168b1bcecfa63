import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultFetchArtifactOptions, extractArchive, fetchArtifact } from '@driftless/artifact';
import type { Artifact } from '@driftless/bus';

/**
 * Downloads an artifact, verifies its digest and extracts it into a new directory under
 * `scratchRoot`; the caller removes the directory (returned) when done.
 */
export async function fetchSource(
  artifact: Artifact,
  options: { scratchRoot: string; maxSize: number; timeoutMs: number },
): Promise<string> {
  const dir = await mkdtemp(join(options.scratchRoot, 'source-'));
  try {
    const tarball = join(dir, 'artifact.tar.gz');
    await fetchArtifact(artifact.url, {
      ...defaultFetchArtifactOptions(),
      destination: tarball,
      digest: artifact.digest,
      maxSize: options.maxSize,
      timeoutMs: options.timeoutMs,
    });
    const root = join(dir, 'source');
    await extractArchive(tarball, root, { maxSize: options.maxSize });
    await rm(tarball, { force: true });
    return dir;
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
