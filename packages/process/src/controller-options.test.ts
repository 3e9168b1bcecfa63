import { parseConfig, runtimeConfig } from '@driftless/runtime';
import { describe, expect, it } from 'vitest';
import { controllerOptionsFromConfig } from './controller-options.js';

describe('controllerOptionsFromConfig', () => {
  it('takes concurrency, namespace and retry delays from the common settings', () => {
    const config = parseConfig(runtimeConfig, {
      CONCURRENT: '8',
      WATCH_NAMESPACE: 'apps',
      MIN_RETRY_DELAY: '250ms',
      MAX_RETRY_DELAY: '30s',
    });
    const options = controllerOptionsFromConfig('source-controller', config);
    expect(options).toMatchObject({
      name: 'source-controller',
      concurrency: 8,
      namespace: 'apps',
      retry: { baseDelayMs: 250, maxDelayMs: 30_000 },
    });
  });
});
