import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractArchive } from '@driftless/artifact';

/** Downloads an artifact from the file server, checks its digest, and lists its files with their contents. */
export async function downloadArtifact(artifact: {
  url: string;
  digest?: string;
}): Promise<{ files: Record<string, string>; bytes: Buffer }> {
  const response = await fetch(artifact.url);
  if (!response.ok) throw new Error(`GET ${artifact.url}: ${response.status}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  if (digest !== artifact.digest) throw new Error(`served ${digest}, status says ${artifact.digest}`);
  const dir = await mkdtemp(join(tmpdir(), 'artifact-contents-'));
  try {
    await writeFile(join(dir, 'artifact.tar.gz'), bytes);
    await extractArchive(join(dir, 'artifact.tar.gz'), join(dir, 'out'));
    const files: Record<string, string> = {};
    for (const entry of await readdir(join(dir, 'out'), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      files[path.slice(join(dir, 'out').length + 1)] = await readFile(path, 'utf8');
    }
    return { files, bytes };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
