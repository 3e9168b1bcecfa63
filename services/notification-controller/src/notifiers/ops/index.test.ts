import { describe, expect, it } from 'vitest';
import { opsNotifiers } from './index.js';

describe('opsNotifiers', () => {
  it('registers each ops provider type once', () => {
    expect(opsNotifiers.map((notifier) => notifier.type).sort()).toEqual([
      'alertmanager',
      'datadog',
      'generic',
      'generic-hmac',
      'githubdispatch',
      'grafana',
      'incidentio',
      'nats',
      'opsgenie',
      'pagerduty',
      'sentry',
    ]);
  });
});
