import { z } from 'zod';
import { parseDuration } from './duration.js';

/** A duration setting: `30s`, `5m`, `1h30m`; parsed to milliseconds. */
export function durationSetting(defaultValue: string) {
  return z
    .string()
    .default(defaultValue)
    .transform((text, ctx) => {
      try {
        return parseDuration(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    });
}

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

/** The settings every controller process shares; services merge it into their own schema. */
export const runtimeConfig = z.object({
  KUBECONFIG: z.string().optional().describe('Path of a kubeconfig; in-cluster credentials when absent'),
  KUBE_CONTEXT: z.string().optional().describe('Context of the kubeconfig to use instead of its current one'),
  CONCURRENT: z.coerce.number().int().min(1).max(512).default(4).describe('Reconciles running at once per kind'),
  WATCH_NAMESPACE: z.string().optional().describe('Watch only this namespace; every namespace when absent'),
  HTTP_HOST: z.string().default('0.0.0.0').describe('Address of the /healthz, /readyz and /metrics server'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(9440).describe('Port of that server; 0 picks one'),
  SHUTDOWN_TIMEOUT: durationSetting('30s').describe('How long in-flight reconciles may run on after SIGTERM'),
  MIN_RETRY_DELAY: durationSetting('750ms').describe('Backoff of the first retry of a failed reconcile'),
  MAX_RETRY_DELAY: durationSetting('15m').describe('Cap of the retry backoff'),
  POD_NAME: z.string().optional().describe('This replica; names its leader-election identity and events'),
  POD_NAMESPACE: z.string().optional().describe('Namespace the controller runs in (lease and events)'),
});
export type RuntimeConfig = z.output<typeof runtimeConfig>;

export class ConfigError extends Error {
  override name = 'ConfigError';

  constructor(
    message: string,
    readonly variables: string[],
  ) {
    super(message);
  }
}

/**
 * Parses an environment with a service's schema once, at start-up. Every problem is reported at
 * once, each naming its variable; the result is frozen.
 */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
): Readonly<z.output<S>> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const variable = issue.path.join('.') || '(environment)';
      return { variable, line: `${variable}: ${issue.message}` };
    });
    throw new ConfigError(
      `invalid configuration:\n  ${problems.map((p) => p.line).join('\n  ')}`,
      problems.map((p) => p.variable),
    );
  }
  return Object.freeze(result.data);
}
