type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The JSON merge patch (RFC 7386) that turns `before` into `after`: changed members, `null` for
 * removed ones, arrays replaced whole. Undefined when nothing changed.
 */
export function createMergePatch(before: unknown, after: unknown): Json | undefined {
  if (!isObject(before) || !isObject(after)) {
    return JSON.stringify(before) === JSON.stringify(after) ? undefined : ((after ?? null) as Json);
  }
  const patch: Record<string, Json> = {};
  for (const key of Object.keys(before)) {
    if (!(key in after) || after[key] === undefined) patch[key] = null;
  }
  for (const [key, value] of Object.entries(after)) {
    if (value === undefined) continue;
    const member = key in before ? createMergePatch(before[key], value) : (value as Json);
    if (member !== undefined) patch[key] = member;
  }
  return Object.keys(patch).length === 0 ? undefined : patch;
}
