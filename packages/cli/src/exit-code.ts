/** Exit codes scripts can rely on; documented in docs/cli.md. */
export const ExitCode = {
  ok: 0,
  /** The command ran but the answer is "no": an object is not Ready, a diff found changes, a check failed. */
  failure: 1,
  /** Bad flags or arguments. */
  usage: 2,
  /** The named object (or a needed file) does not exist. */
  notFound: 3,
  /** The cluster, NATS or another service could not be reached. */
  unreachable: 4,
  /** A wait ran out of time. */
  timeout: 5,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
