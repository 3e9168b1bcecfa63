import { type ControllerOptions, defaultControllerOptions, type RuntimeConfig } from '@driftless/runtime';

/** The controller options every service takes from the common settings (`--concurrent`, retry delays, namespace). */
export function controllerOptionsFromConfig(name: string, config: RuntimeConfig): ControllerOptions {
  const defaults = defaultControllerOptions(name);
  return {
    ...defaults,
    concurrency: config.CONCURRENT,
    namespace: config.WATCH_NAMESPACE,
    retry: { ...defaults.retry, baseDelayMs: config.MIN_RETRY_DELAY, maxDelayMs: config.MAX_RETRY_DELAY },
  };
}
