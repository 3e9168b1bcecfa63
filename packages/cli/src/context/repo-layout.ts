import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The checkout this CLI runs from (src/context and dist/context are equally deep). */
export const repoRoot = resolve(import.meta.dirname, '../../../..');

export const repoLayout = {
  charts: join(repoRoot, 'charts'),
  examples: join(repoRoot, 'examples'),
  /** Where `npm run setup` puts the pinned helm and kubectl. */
  toolsBin: join(repoRoot, '.tools', 'bin'),
  serviceMain: (controller: string) => join(repoRoot, 'services', controller, 'dist', 'main.js'),
} as const;

/**
 * An external program: the flag when given, else the pinned copy in `.tools/bin` of the checkout,
 * else the bare name for $PATH.
 */
export function findTool(name: 'kubectl' | 'helm', flag?: string): string {
  if (flag) return flag;
  const pinned = join(repoLayout.toolsBin, name);
  return existsSync(pinned) ? pinned : name;
}

/** PATH with the pinned helm and kubectl first. */
export function pathWithTools(path: string | undefined): string {
  return [repoLayout.toolsBin, path].filter(Boolean).join(':');
}
