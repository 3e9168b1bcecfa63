import { natsConfig } from '@driftless/bus';
import { durationSetting, leaderElectionConfig, runtimeConfig, sizeSetting } from '@driftless/runtime';
import { telemetryConfig } from '@driftless/telemetry';
import { z } from 'zod';

const ownConfig = natsConfig
  .safeExtend(runtimeConfig.shape)
  .safeExtend(telemetryConfig.shape)
  .safeExtend({
    KUBECTL_BINARY: z.string().default('kubectl').describe('The kubectl executable whose kustomize builds overlays'),
    FIELD_MANAGER: z.string().default('kustomize-controller').describe('Field manager of server-side apply'),
    SCRATCH_PATH: z
      .string()
      .optional()
      .describe('Directory for downloaded and extracted artifacts; <tmpdir>/driftless-kustomize-controller when unset'),
    ARTIFACT_MAX_SIZE: sizeSetting('512Mi').describe('Largest artifact downloaded or extracted'),
    BUILD_MAX_OUTPUT: sizeSetting('64Mi').describe('Largest kustomize build output accepted'),
    DEPENDENCY_REQUEUE_INTERVAL: durationSetting('30s').describe(
      'How often a Kustomization waiting on dependencies looks again (Flux --requeue-dependency)',
    ),
    DEFAULT_SERVICE_ACCOUNT: z
      .string()
      .optional()
      .describe('Service account impersonated when a Kustomization names none (Flux --default-service-account)'),
  });

/** Every environment variable of the kustomize-controller, with its default. */
export const kustomizeControllerConfig = z.intersection(ownConfig, leaderElectionConfig);

export type KustomizeControllerConfig = z.output<typeof kustomizeControllerConfig>;
