import { z } from 'zod';
import { tryParseDuration } from './duration.js';

const duration = (variable: string, fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const ms = tryParseDuration(text);
      if (ms === undefined || ms <= 0) {
        ctx.addIssue({
          code: 'custom',
          message: `${variable} must be a positive duration such as 15s, 500ms or 1m (got "${text}")`,
        });
        return z.NEVER;
      }
      return ms;
    })
    .describe(`${variable}: a duration such as 15s, 500ms or 1m (default ${fallback}); parsed to milliseconds`);

/** client-go's JitterFactor: an acquire retry waits up to retryPeriod × (1 + 1.2). */
export const LEADER_ELECTION_JITTER_FACTOR = 1.2;

/**
 * The leader-election fragment of a service's configuration, over an environment record. Durations
 * come out in milliseconds. Parse it on its own or `.extend()` it; spreading its `.shape` into
 * another object would drop the renew-deadline check.
 */
export const leaderElectionConfig = z
  .object({
    LEADER_ELECT: z
      .stringbool()
      .default(true)
      .describe('LEADER_ELECT: run leader election so that only one replica reconciles (default true)'),
    LEADER_ELECTION_NAMESPACE: z
      .string()
      .min(1)
      .default('default')
      .describe(
        'LEADER_ELECTION_NAMESPACE: namespace of the Lease (in a cluster: the namespace the controller runs in)',
      ),
    LEADER_ELECTION_LEASE_DURATION: duration('LEADER_ELECTION_LEASE_DURATION', '15s'),
    LEADER_ELECTION_RENEW_DEADLINE: duration('LEADER_ELECTION_RENEW_DEADLINE', '10s'),
    LEADER_ELECTION_RETRY_PERIOD: duration('LEADER_ELECTION_RETRY_PERIOD', '2s'),
  })
  .superRefine((config, ctx) => {
    const problem = leaderElectionTimingProblem({
      leaseDurationMs: config.LEADER_ELECTION_LEASE_DURATION,
      renewDeadlineMs: config.LEADER_ELECTION_RENEW_DEADLINE,
      retryPeriodMs: config.LEADER_ELECTION_RETRY_PERIOD,
      names: {
        leaseDuration: 'LEADER_ELECTION_LEASE_DURATION',
        renewDeadline: 'LEADER_ELECTION_RENEW_DEADLINE',
        retryPeriod: 'LEADER_ELECTION_RETRY_PERIOD',
      },
    });
    if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
  });

export type LeaderElectionConfig = z.output<typeof leaderElectionConfig>;

interface TimingInput {
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  names: { leaseDuration: string; renewDeadline: string; retryPeriod: string };
}

/** The same rules client-go's NewLeaderElector enforces; the message names the setting to change. */
export function leaderElectionTimingProblem(input: TimingInput): { field: string; message: string } | undefined {
  const { leaseDurationMs, renewDeadlineMs, retryPeriodMs, names } = input;
  for (const [field, value] of [
    [names.leaseDuration, leaseDurationMs],
    [names.renewDeadline, renewDeadlineMs],
    [names.retryPeriod, retryPeriodMs],
  ] as const) {
    if (!Number.isFinite(value) || value <= 0) return { field, message: `${field} must be positive` };
  }
  if (renewDeadlineMs >= leaseDurationMs) {
    return {
      field: names.renewDeadline,
      message: `${names.renewDeadline} (${renewDeadlineMs}ms) must be shorter than ${names.leaseDuration} (${leaseDurationMs}ms)`,
    };
  }
  if (renewDeadlineMs <= retryPeriodMs * LEADER_ELECTION_JITTER_FACTOR) {
    return {
      field: names.renewDeadline,
      message: `${names.renewDeadline} (${renewDeadlineMs}ms) must be longer than ${LEADER_ELECTION_JITTER_FACTOR} × ${names.retryPeriod} (${retryPeriodMs}ms)`,
    };
  }
  return undefined;
}
