import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The checkout this CLI runs from: packages/cli/dist/commands/dev → the repository root. */
export const repoRoot = resolve(import.meta.dirname, '../../../../..');

export const repoLayout = {
  examples: join(repoRoot, 'examples'),
  toolsBin: join(repoRoot, '.tools', 'bin'),
  serviceMain: (controller: string) => join(repoRoot, 'services', controller, 'dist', 'main.js'),
} as const;

/** A pinned tool from .tools/bin when setup installed it there, else the name to find on PATH. */
export function toolPath(name: 'helm' | 'kubectl'): string {
  const pinned = join(repoLayout.toolsBin, name);
  return existsSync(pinned) ? pinned : name;
}

/** PATH with the pinned helm and kubectl first, as `npm run setup` installs them. */
export function pathWithTools(path: string | undefined): string {
  return [repoLayout.toolsBin, path].filter(Boolean).join(':');
}
