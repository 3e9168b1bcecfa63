import { natsConfig } from '@driftless/bus';
import { durationSetting, leaderElectionConfig, runtimeConfig, sizeSetting } from '@driftless/runtime';
import { telemetryConfig } from '@driftless/telemetry';
import { z } from 'zod';

const ownConfig = natsConfig
  .safeExtend(runtimeConfig.shape)
  .safeExtend(telemetryConfig.shape)
  .safeExtend({
    STORAGE_PATH: z.string().default('/data').describe('Directory holding the artifacts (Flux --storage-path)'),
    STORAGE_HOST: z.string().default('0.0.0.0').describe('Address the artifact file server listens on'),
    STORAGE_PORT: z.coerce
      .number()
      .int()
      .min(0)
      .max(65535)
      .default(9090)
      .describe('Port of the file server; 0 picks one'),
    STORAGE_ADV_ADDR: z
      .url()
      .optional()
      .describe('Base URL appliers download artifacts from (Flux --storage-adv-addr); http://<host>:<port> when unset'),
    CACHE_PATH: z
      .string()
      .optional()
      .describe('Directory of the Git caches and scratch space; <tmpdir>/driftless-source-controller when unset'),
    ARTIFACT_RETENTION_RECORDS: z.coerce.number().int().min(1).default(2).describe('Artifacts kept per object'),
    ARTIFACT_RETENTION_TTL: durationSetting('60s').describe('Older superseded artifacts are collected after this'),
    ARTIFACT_MAX_SIZE: sizeSetting('512Mi').describe('Largest source tree or OCI layer accepted'),
    HELM_INDEX_MAX_SIZE: sizeSetting('50Mi').describe('Largest Helm repository index accepted (Flux default)'),
    HELM_CHART_MAX_SIZE: sizeSetting('10Mi').describe('Largest Helm chart package accepted (Flux default)'),
    HELM_BINARY: z.string().default('helm').describe('The helm executable used to package charts'),
    GIT_BINARY: z.string().default('git').describe('The git executable used for SSH and submodules'),
  });

/** Every environment variable of the source-controller, with its default (leader election keeps its own checks). */
export const sourceControllerConfig = z.intersection(ownConfig, leaderElectionConfig);

export type SourceControllerConfig = z.output<typeof sourceControllerConfig>;
