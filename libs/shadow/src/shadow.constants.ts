export const SHADOW_QUEUE = 'shadow';
export const SHADOW_RUN_JOB = 'shadow-run';

export interface ShadowJobData {
  runId: string;
  orgId: string;
}

/** Largest page of leads one match call carries, whatever the connector allows. */
export const SHADOW_PAGE_LIMIT = 200;
