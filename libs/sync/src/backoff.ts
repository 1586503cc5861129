const BASE_MS = 2_000;
const CAP_MS = 15 * 60_000;

/**
 * Delay before retry number `attempt` (1-based): exponential with full jitter, never shorter
 * than what the vendor asked for.
 */
export function retryDelayMs(attempt: number, retryAfterMs = 0, random = Math.random): number {
  const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** (attempt - 1));
  const jittered = Math.round(ceiling / 2 + random() * (ceiling / 2));

  return Math.max(jittered, retryAfterMs);
}
