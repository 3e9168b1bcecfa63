import { natsConfig } from '@driftless/bus';
import { durationSetting, leaderElectionConfig, runtimeConfig, sizeSetting } from '@driftless/runtime';
import { telemetryConfig } from '@driftless/telemetry';
import { z } from 'zod';

const ownConfig = natsConfig
  .safeExtend(runtimeConfig.shape)
  .safeExtend(telemetryConfig.shape)
  .safeExtend({
    HELM_BINARY: z.string().default('helm').describe('The helm executable that renders charts'),
    KUBECTL_BINARY: z
      .string()
      .default('kubectl')
      .describe('The kubectl executable whose kustomize runs post-renderers'),
    FIELD_MANAGER: z.string().default('helm-controller').describe('Field manager of server-side apply'),
    HELM_DRIVER: z
      .enum(['secret', 'configmap'])
      .default('secret')
      .describe('Where releases are stored, as helm’s HELM_DRIVER: Secrets (default) or ConfigMaps'),
    SCRATCH_PATH: z
      .string()
      .optional()
      .describe('Directory for downloaded charts and rendering; <tmpdir>/driftless-helm-controller when unset'),
    ARTIFACT_MAX_SIZE: sizeSetting('64Mi').describe('Largest chart artifact downloaded'),
    RENDER_MAX_OUTPUT: sizeSetting('64Mi').describe('Largest helm output accepted'),
    DEPENDENCY_REQUEUE_INTERVAL: durationSetting('30s').describe(
      'How often a HelmRelease waiting on dependencies looks again (Flux --requeue-dependency)',
    ),
    KUBERNETES_SERVICE_HOST: z.string().optional().describe('Set by Kubernetes in a pod; passed on to helm'),
    KUBERNETES_SERVICE_PORT: z.string().optional().describe('Set by Kubernetes in a pod; passed on to helm'),
    DEFAULT_SERVICE_ACCOUNT: z
      .string()
      .optional()
      .describe('Service account impersonated when a HelmRelease names none (Flux --default-service-account)'),
  });

/** Every environment variable of the helm-controller, with its default. */
export const helmControllerConfig = z.intersection(ownConfig, leaderElectionConfig);

export type HelmControllerConfig = z.output<typeof helmControllerConfig>;
