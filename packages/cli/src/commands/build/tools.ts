import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The checkout this package runs from (src/commands/build and dist/commands/build are equally deep). */
export const repoRoot = resolve(import.meta.dirname, '../../../../..');

/** The charts the `install` command installs. */
export const chartsDir = join(repoRoot, 'charts');

/**
 * An external program: the flag when given, else the copy `npm run setup` puts in `.tools/bin` of the
 * checkout, else the bare name for $PATH.
 */
export function findTool(name: 'kubectl' | 'helm', flag: string | undefined): string {
  if (flag) return flag;
  const bundled = join(repoRoot, '.tools', 'bin', name);
  return existsSync(bundled) ? bundled : name;
}
