#!/usr/bin/env node
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { controllerOptionsFromConfig, runControllerProcess } from '@driftless/process';
import { createImageAutomationController } from './app.js';
import { imageAutomationControllerConfig } from './config.js';

const name = 'image-automation-controller';

await runControllerProcess(
  {
    name,
    config: imageAutomationControllerConfig,
    env: process.env,
  },
  (config, deps) =>
    createImageAutomationController(
      {
        controller: controllerOptionsFromConfig(name, config),
        http: { host: config.HTTP_HOST, port: config.HTTP_PORT },
        workRoot: config.WORK_PATH ?? join(tmpdir(), `driftless-${name}`),
        maxPushAttempts: config.PUSH_ATTEMPTS,
        shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT,
      },
      deps,
    ),
);
