#!/usr/bin/env node
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { controllerOptionsFromConfig, runControllerProcess } from '@driftless/process';
import { createHelmController } from './app.js';
import { helmControllerConfig } from './config.js';

const name = 'helm-controller';

await runControllerProcess(
  {
    name,
    config: helmControllerConfig,
    env: process.env,
    fieldManager: (config) => config.FIELD_MANAGER,
  },
  (config, deps) =>
    createHelmController(
      {
        controller: controllerOptionsFromConfig(name, config),
        http: { host: config.HTTP_HOST, port: config.HTTP_PORT },
        fieldManager: config.FIELD_MANAGER,
        helmBinary: config.HELM_BINARY,
        kubectlBinary: config.KUBECTL_BINARY,
        kubeconfigPath: config.KUBECONFIG,
        inClusterEnv: {
          KUBERNETES_SERVICE_HOST: config.KUBERNETES_SERVICE_HOST,
          KUBERNETES_SERVICE_PORT: config.KUBERNETES_SERVICE_PORT,
        },
        storageDriver: config.HELM_DRIVER,
        scratchRoot: config.SCRATCH_PATH ?? join(tmpdir(), `driftless-${name}`),
        limits: { artifactMaxSize: config.ARTIFACT_MAX_SIZE, renderMaxOutput: config.RENDER_MAX_OUTPUT },
        dependencyRequeueMs: config.DEPENDENCY_REQUEUE_INTERVAL,
        defaultServiceAccount: config.DEFAULT_SERVICE_ACCOUNT,
        shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT,
      },
      deps,
    ),
);
