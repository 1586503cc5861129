export const SYNC_QUEUE = 'sync';

export const SYNC_CONNECTION_JOB = 'sync-connection';
export const SWEEP_JOB = 'sweep';

export interface SyncJobData {
  connectionId?: string;
}

/** A claimed record not finished within this time is taken over by another worker. */
export const CLAIM_LEASE_SECONDS = 300;

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
