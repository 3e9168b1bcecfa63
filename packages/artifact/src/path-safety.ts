/** Maximum number of symlinks followed while resolving one path (Linux uses 40 too). */
const maxLinkHops = 40;

export type LinkLookup = (relativePath: string) => string | undefined;

export class LinkLoopError extends Error {
  constructor(path: string) {
    super(`too many levels of symbolic links resolving ${JSON.stringify(path)}`);
    this.name = 'LinkLoopError';
  }
}

export function isAbsoluteLike(p: string): boolean {
  return p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:/.test(p);
}

/** Splits a slash-separated relative path into its non-empty, non-`.` components. */
export function splitPath(p: string): string[] {
  return p.split('/').filter((c) => c !== '' && c !== '.');
}

/**
 * Resolves `target` relative to the directory `from` (components under a root) the way the kernel would, following
 * the symlinks that `lookupLink` knows about. Returns the real components under the root, or `undefined` when the
 * path leaves the root (absolute target, or `..` above it at any step). Components that do not exist resolve
 * lexically, so dangling links are allowed as long as they stay inside.
 */
export function resolveInside(
  from: readonly string[],
  target: string,
  lookupLink: LinkLookup,
  hops = { count: 0 },
): string[] | undefined {
  if (isAbsoluteLike(target)) return undefined;
  let stack = [...from];
  for (const component of splitPath(target)) {
    if (component === '..') {
      if (stack.length === 0) return undefined;
      stack.pop();
      continue;
    }
    stack.push(component);
    const link = lookupLink(stack.join('/'));
    if (link === undefined) continue;
    hops.count += 1;
    if (hops.count > maxLinkHops) throw new LinkLoopError(target);
    stack.pop();
    const resolved = resolveInside(stack, link, lookupLink, hops);
    if (resolved === undefined) return undefined;
    stack = resolved;
  }
  return stack;
}
