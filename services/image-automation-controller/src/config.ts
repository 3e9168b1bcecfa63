import { natsConfig } from '@driftless/bus';
import { leaderElectionConfig, runtimeConfig } from '@driftless/runtime';
import { telemetryConfig } from '@driftless/telemetry';
import { z } from 'zod';

const ownConfig = natsConfig
  .safeExtend(runtimeConfig.shape)
  .safeExtend(telemetryConfig.shape)
  .safeExtend({
    WORK_PATH: z
      .string()
      .optional()
      .describe(
        'Directory of the Git working copies of automations; <tmpdir>/driftless-image-automation-controller when unset',
      ),
    PUSH_ATTEMPTS: z.coerce
      .number()
      .int()
      .min(1)
      .default(5)
      .describe('Pushes tried when the branch moved meanwhile (refetch, re-apply, push again)'),
  });

/** Every environment variable of the image-automation-controller, with its default. */
export const imageAutomationControllerConfig = z.intersection(ownConfig, leaderElectionConfig);

export type ImageAutomationControllerConfig = z.output<typeof imageAutomationControllerConfig>;
