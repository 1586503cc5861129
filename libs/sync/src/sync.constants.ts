export const SYNC_QUEUE = 'sync';

export const SYNC_CONNECTION_JOB = 'sync-connection';
export const SWEEP_JOB = 'sweep';

export interface SyncJobData {
  connectionId?: string;
}

/** A claimed record not finished within this time is taken over by another worker. */
export const CLAIM_LEASE_SECONDS = 300;

/** How often a process running sync workers says it is alive. */
export const WORKER_BEAT_MS = 10_000;

/**
 * A worker process not heard from for this long is gone: other workers take over what it claimed
 * (claims younger than this are left alone, so a process is never judged before its first beats).
 */
export const WORKER_SILENCE_SECONDS = 45;

/**
 * Rows another worker may take over: claimed (`in_flight`) and either past the lease or claimed
 * by a process that fell silent. Binds the lease, then the silence twice.
 */
export const STALE_CLAIM = `(state = 'in_flight' AND (claimed_at < now() - make_interval(secs => ?)
  OR (claimed_at < now() - make_interval(secs => ?) AND NOT EXISTS (
    SELECT 1 FROM sync_worker_beats b
     WHERE b.id = claimed_by AND b.seen_at > now() - make_interval(secs => ?)))))`;

/** The values `STALE_CLAIM` binds, in order. */
export const STALE_CLAIM_BINDINGS = [
  CLAIM_LEASE_SECONDS,
  WORKER_SILENCE_SECONDS,
  WORKER_SILENCE_SECONDS,
] as const;

export const SYNC_OPTIONS = Symbol('SYNC_OPTIONS');

export interface SyncOptions {
  lingerMs: number;
  enrichmentWaitMs: number;
  maxAttempts: number;
  sweepIntervalMs: number;
  concurrency: number;
  /** When legacy connections stop syncing (their leads wait as Paused); none when unset. */
  legacySunsetAt?: Date;
}

/** True once the legacy integrations are past their sunset. */
export function legacySunsetPassed(options: SyncOptions, now = new Date()): boolean {
  return options.legacySunsetAt !== undefined && options.legacySunsetAt <= now;
}
