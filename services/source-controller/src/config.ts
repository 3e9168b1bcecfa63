import { natsConfig } from '@driftless/bus';
import { durationSetting, leaderElectionConfig, runtimeConfig } from '@driftless/runtime';
import { telemetryConfig } from '@driftless/telemetry';
import { z } from 'zod';

const units: Record<string, number> = { '': 1, k: 1e3, m: 1e6, g: 1e9, ki: 2 ** 10, mi: 2 ** 20, gi: 2 ** 30 };

/** A size setting: `1048576`, `50Mi`, `1Gi`, `500k` (suffix `B`/`iB` optional); parsed to bytes. */
export function sizeSetting(defaultValue: string) {
  return z
    .string()
    .default(defaultValue)
    .transform((text, ctx) => {
      const match = /^(\d+)\s*([kmg]i?)?b?$/i.exec(text.trim());
      const factor = match ? units[(match[2] ?? '').toLowerCase()] : undefined;
      if (!match || factor === undefined) {
        ctx.addIssue({ code: 'custom', message: `${JSON.stringify(text)} is not a size like 50Mi or 1048576` });
        return z.NEVER;
      }
      return Number(match[1]) * factor;
    });
}

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
