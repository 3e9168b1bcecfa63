#!/usr/bin/env node
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { controllerOptionsFromConfig, runControllerProcess } from '@driftless/process';
import { createKustomizeController } from './app.js';
import { kustomizeControllerConfig } from './config.js';

const name = 'kustomize-controller';

await runControllerProcess(
  {
    name,
    config: kustomizeControllerConfig,
    env: process.env,
    fieldManager: (config) => config.FIELD_MANAGER,
  },
  (config, deps) =>
    createKustomizeController(
      {
        controller: controllerOptionsFromConfig(name, config),
        http: { host: config.HTTP_HOST, port: config.HTTP_PORT },
        fieldManager: config.FIELD_MANAGER,
        kubectlBinary: config.KUBECTL_BINARY,
        scratchRoot: config.SCRATCH_PATH ?? join(tmpdir(), `driftless-${name}`),
        limits: { artifactMaxSize: config.ARTIFACT_MAX_SIZE, buildMaxOutput: config.BUILD_MAX_OUTPUT },
        dependencyRequeueMs: config.DEPENDENCY_REQUEUE_INTERVAL,
        defaultServiceAccount: config.DEFAULT_SERVICE_ACCOUNT,
        shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT,
      },
      deps,
    ),
);
