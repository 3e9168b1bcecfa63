import { Type } from '@sinclair/typebox';

/** Go duration with units up to hours, as Flux validates `interval`, `retryInterval` and friends. */
export const DurationPattern = '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$';
/** Go duration without hours, as Flux validates most `timeout` fields. */
export const TimeoutPattern = '^([0-9]+(\\.[0-9]+)?(ms|s|m))+$';

export const Duration = (options: { description?: string; default?: string } = {}) =>
  Type.String({ ...options, pattern: DurationPattern });

export const Timeout = (options: { description?: string; default?: string } = {}) =>
  Type.String({ ...options, pattern: TimeoutPattern });
