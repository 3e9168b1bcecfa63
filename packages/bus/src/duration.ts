const units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const durationPattern = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const partPattern = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;

/** Parses a Go/Flux-style duration (`168h`, `1h30m`, `90s`, `500ms`) to milliseconds; undefined if invalid. */
export function parseDuration(value: string): number | undefined {
  if (!durationPattern.test(value)) return undefined;
  let total = 0;
  for (const [, amount, unit] of value.matchAll(partPattern)) total += Number(amount) * units[unit];
  return Math.round(total);
}
