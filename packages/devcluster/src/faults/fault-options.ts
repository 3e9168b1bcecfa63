export interface FaultOptions {
  /** Added to every faultable request. */
  latencyMs: number;
  /** Share of requests (0–1) answered 500. */
  errorRate: number;
  /** Share of requests (0–1) answered 429 with Retry-After. */
  throttleRate: number;
  retryAfterSeconds: number;
  /** Share of watches (0–1) cut after dropWatchAfterMs. */
  dropWatchRate: number;
  dropWatchAfterMs: number;
  /** Source of randomness in [0, 1); tests pass a fixed sequence. */
  random?: () => number;
}

export function defaultFaultOptions(): FaultOptions {
  return {
    latencyMs: 0,
    errorRate: 0,
    throttleRate: 0,
    retryAfterSeconds: 1,
    dropWatchRate: 0,
    dropWatchAfterMs: 10_000,
  };
}

export class FaultOptionsError extends Error {
  override readonly name = 'FaultOptionsError';

  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting} ${message}`);
  }
}

type NumericOption = Exclude<keyof FaultOptions, 'random'>;

const rules: Record<NumericOption, { env: string; kind: 'rate' | 'duration' | 'seconds' }> = {
  latencyMs: { env: 'DEVCLUSTER_LATENCY_MS', kind: 'duration' },
  errorRate: { env: 'DEVCLUSTER_ERROR_RATE', kind: 'rate' },
  throttleRate: { env: 'DEVCLUSTER_THROTTLE_RATE', kind: 'rate' },
  retryAfterSeconds: { env: 'DEVCLUSTER_RETRY_AFTER_SECONDS', kind: 'seconds' },
  dropWatchRate: { env: 'DEVCLUSTER_DROP_WATCH_RATE', kind: 'rate' },
  dropWatchAfterMs: { env: 'DEVCLUSTER_DROP_WATCH_AFTER_MS', kind: 'duration' },
};

const numericOptions = Object.keys(rules) as NumericOption[];

function problem(kind: 'rate' | 'duration' | 'seconds', value: number): string | undefined {
  if (!Number.isFinite(value)) return 'must be a finite number';
  if (kind === 'rate' && (value < 0 || value > 1)) return 'must be between 0 and 1';
  if (kind !== 'rate' && value < 0) return 'must not be negative';
  if (kind === 'seconds' && !Number.isInteger(value)) return 'must be a whole number of seconds';
  return undefined;
}

/** Checks every numeric option; `setting` names it as the caller knows it (field or env var). */
export function validateFaultOptions(
  options: FaultOptions,
  setting: (option: NumericOption) => string = (o) => o,
): FaultOptions {
  for (const option of numericOptions) {
    const value = options[option];
    const why = typeof value === 'number' ? problem(rules[option].kind, value) : 'must be a number';
    if (why) throw new FaultOptionsError(setting(option), `${why}, got ${JSON.stringify(value)}`);
  }
  if (options.random !== undefined && typeof options.random !== 'function') {
    throw new FaultOptionsError('random', 'must be a function');
  }
  return options;
}

/** Reads the `DEVCLUSTER_*` fault variables over the defaults; a bad value names its variable. */
export function faultOptionsFromEnv(env: Record<string, string | undefined>): FaultOptions {
  const options = defaultFaultOptions();
  for (const option of numericOptions) {
    const raw = env[rules[option].env]?.trim();
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (Number.isNaN(value))
      throw new FaultOptionsError(rules[option].env, `must be a number, got ${JSON.stringify(raw)}`);
    options[option] = value;
  }
  return validateFaultOptions(options, (option) => rules[option].env);
}
