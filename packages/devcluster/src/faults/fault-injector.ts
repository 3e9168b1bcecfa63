import { defaultFaultOptions, type FaultOptions, FaultOptionsError, validateFaultOptions } from './fault-options.js';

export interface FaultRequest {
  method: string;
  path: string;
  isWatch: boolean;
}

export interface Fault {
  code: 500 | 429;
  retryAfterSeconds?: number;
  message: string;
}

export interface FaultDecision {
  delayMs: number;
  failure?: Fault;
}

export interface FaultInjector {
  forRequest(request: FaultRequest): FaultDecision;
  /** Milliseconds until a new watch connection is cut, or undefined to leave it be. */
  dropWatchAfter(): number | undefined;
  update(partial: Partial<FaultOptions>): FaultOptions;
  current(): FaultOptions;
}

const probePaths = new Set(['/healthz', '/readyz', '/livez']);
const adminPath = '/devcluster';

/** Health probes and the admin endpoint stay reliable, or a test could not turn the faults off again. */
export function isExempt(path: string): boolean {
  const bare = path.split('?')[0].replace(/\/+$/, '') || '/';
  if (bare === adminPath || bare.startsWith(`${adminPath}/`)) return true;
  return [...probePaths].some((probe) => bare === probe || bare.startsWith(`${probe}/`));
}

export const throttleMessage = 'Too many requests, please try again later.';
export const injectedErrorMessage = 'Internal error occurred: injected fault (devcluster)';

export function createFaultInjector(options: FaultOptions): FaultInjector {
  let settings: Readonly<FaultOptions> = Object.freeze({ ...validateFaultOptions(options) });
  const roll = () => (settings.random ?? Math.random)();

  return {
    forRequest(request) {
      if (isExempt(request.path)) return { delayMs: 0 };
      const delayMs = settings.latencyMs;
      if (settings.throttleRate > 0 && roll() < settings.throttleRate) {
        return {
          delayMs,
          failure: { code: 429, retryAfterSeconds: settings.retryAfterSeconds, message: throttleMessage },
        };
      }
      if (settings.errorRate > 0 && roll() < settings.errorRate) {
        return { delayMs, failure: { code: 500, message: injectedErrorMessage } };
      }
      return { delayMs };
    },
    dropWatchAfter() {
      if (settings.dropWatchRate <= 0 || roll() >= settings.dropWatchRate) return undefined;
      return settings.dropWatchAfterMs;
    },
    update(partial) {
      for (const key of Object.keys(partial)) {
        if (!(key in defaultFaultOptions()) && key !== 'random')
          throw new FaultOptionsError(key, 'is not a fault option');
      }
      settings = Object.freeze(validateFaultOptions({ ...settings, ...partial }));
      return { ...settings };
    },
    current() {
      return { ...settings };
    },
  };
}
