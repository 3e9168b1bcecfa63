import { natsConfig } from '@driftless/bus';
import { durationSetting, leaderElectionConfig, runtimeConfig, sizeSetting } from '@driftless/runtime';
import { telemetryConfig } from '@driftless/telemetry';
import { z } from 'zod';

const ownConfig = natsConfig
  .safeExtend(runtimeConfig.shape)
  .safeExtend(telemetryConfig.shape)
  .safeExtend({
    RECEIVER_HOST: z.string().default('0.0.0.0').describe('Address the webhook receiver server listens on'),
    RECEIVER_PORT: z.coerce
      .number()
      .int()
      .min(0)
      .max(65_535)
      .default(9292)
      .describe('Port of the webhook receiver server (Flux: 9292); 0 picks a free one'),
    RECEIVER_MAX_BODY: sizeSetting('1Mi').describe('Largest webhook body accepted'),
    EVENT_CONCURRENCY: z.coerce
      .number()
      .int()
      .min(1)
      .max(1_024)
      .default(64)
      .describe('Events handled at once (events of one object always in order)'),
    EVENT_DEDUP_WINDOW: durationSetting('5m').describe(
      'Identical events inside this window are sent once (Flux --rate-limit-interval); 0s sends every one',
    ),
    DELIVERY_MAX_ATTEMPTS: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(6)
      .describe('Attempts per notification before it goes to the dead-letter stream'),
    DELIVERY_RETRY_DELAY: durationSetting('1s').describe('Wait before the first retry; doubled each time'),
    DELIVERY_MAX_RETRY_DELAY: durationSetting('1m').describe('Longest wait between two attempts'),
    EVENT_ACK_WAIT: durationSetting('10s').describe(
      "A crashed process's unfinished events go to the next one after this long (in-progress events are kept alive)",
    ),
    DURABLE_NAME: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/)
      .default('notification-controller')
      .describe('Name of the durable consumer on the events stream (replicas share it)'),
  });

/** Every environment variable of the notification-controller, with its default. */
export const notificationControllerConfig = z.intersection(ownConfig, leaderElectionConfig);

export type NotificationControllerConfig = z.output<typeof notificationControllerConfig>;
