import type { Notifier } from '../notifier.js';
import { alertmanagerNotifier } from './alertmanager.js';
import { datadogNotifier } from './datadog.js';
import { genericNotifier } from './generic.js';
import { genericHmacNotifier } from './generic-hmac.js';
import { githubDispatchNotifier } from './github-dispatch.js';
import { grafanaNotifier } from './grafana.js';
import { incidentioNotifier } from './incidentio.js';
import { natsNotifier } from './nats.js';
import { opsgenieNotifier } from './opsgenie.js';
import { pagerdutyNotifier } from './pagerduty.js';
import { sentryNotifier } from './sentry.js';

/** Incident, observability and generic webhook notifiers. */
export const opsNotifiers: readonly Notifier[] = [
  pagerdutyNotifier,
  opsgenieNotifier,
  alertmanagerNotifier,
  grafanaNotifier,
  datadogNotifier,
  sentryNotifier,
  incidentioNotifier,
  githubDispatchNotifier,
  natsNotifier,
  genericNotifier,
  genericHmacNotifier,
];
