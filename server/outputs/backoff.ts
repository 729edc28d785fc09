// Retry delays: exponential from `baseMs`, capped at `capMs`, with "equal jitter" (half fixed,
// half random) so retries of many outputs spread out but never come back immediately.
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, capMs: 5 * 60_000 };

/** Delay before attempt `failedAttempts + 1`, after `failedAttempts` (>= 1) failures. */
export function retryDelayMs(failedAttempts: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 30);
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
