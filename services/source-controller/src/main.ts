#!/usr/bin/env node
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { controllerOptionsFromConfig, runControllerProcess } from '@driftless/process';
import { createSourceController } from './app.js';
import { sourceControllerConfig } from './config.js';

const name = 'source-controller';

await runControllerProcess({ name, config: sourceControllerConfig, env: process.env }, (config, deps) =>
  createSourceController(
    {
      controller: controllerOptionsFromConfig(name, config),
      http: { host: config.HTTP_HOST, port: config.HTTP_PORT },
      storage: {
        root: resolve(config.STORAGE_PATH),
        host: config.STORAGE_HOST,
        port: config.STORAGE_PORT,
        advertisedUrl: config.STORAGE_ADV_ADDR,
        retention: { keep: config.ARTIFACT_RETENTION_RECORDS, ttlMs: config.ARTIFACT_RETENTION_TTL },
      },
      cacheRoot: config.CACHE_PATH ?? join(tmpdir(), `driftless-${name}`),
      limits: {
        artifactMaxSize: config.ARTIFACT_MAX_SIZE,
        helmIndexMaxSize: config.HELM_INDEX_MAX_SIZE,
        helmChartMaxSize: config.HELM_CHART_MAX_SIZE,
      },
      helmBinary: config.HELM_BINARY,
      gitBinary: config.GIT_BINARY,
      shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT,
    },
    deps,
  ),
);
