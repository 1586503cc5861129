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
}
