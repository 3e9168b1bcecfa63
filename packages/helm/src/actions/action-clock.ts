/** Helm's timestamps: RFC 3339 in UTC. */
export function timestamp(): string {
  return new Date().toISOString();
}

/** The one time budget of an action: hooks, applies and waits all spend from it. */
export interface Deadline {
  readonly timeoutMs: number;
  /** Aborts when the budget is spent. */
  readonly signal: AbortSignal;
  remainingMs(): number;
}

export function startDeadline(timeoutMs: number): Deadline {
  const end = Date.now() + timeoutMs;
  return {
    timeoutMs,
    signal: AbortSignal.timeout(Math.max(timeoutMs, 1)),
    remainingMs: () => Math.max(0, end - Date.now()),
  };
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
