#!/usr/bin/env node
import { controllerOptionsFromConfig, runControllerProcess } from '@driftless/process';
import { createNotificationController } from './app.js';
import { notificationControllerConfig } from './config.js';

const name = 'notification-controller';

await runControllerProcess({ name, config: notificationControllerConfig, env: process.env }, (config, deps) =>
  createNotificationController(
    {
      controller: controllerOptionsFromConfig(name, config),
      http: { host: config.HTTP_HOST, port: config.HTTP_PORT },
      receiver: { host: config.RECEIVER_HOST, port: config.RECEIVER_PORT, bodyLimit: config.RECEIVER_MAX_BODY },
      durableName: config.DURABLE_NAME,
      eventConcurrency: config.EVENT_CONCURRENCY,
      eventAckWaitMs: config.EVENT_ACK_WAIT,
      dedupWindowMs: config.EVENT_DEDUP_WINDOW,
      retry: {
        maxAttempts: config.DELIVERY_MAX_ATTEMPTS,
        baseDelayMs: config.DELIVERY_RETRY_DELAY,
        maxDelayMs: config.DELIVERY_MAX_RETRY_DELAY,
      },
      shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT,
    },
    deps,
  ),
);
