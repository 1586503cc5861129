/** REST API version segment of every `/rest/<version>/...` path the sandbox answers. */
export const MARKETO_API_VERSION = 'v1';

/** The instance the sandbox emulates (`https://<munchkinId>.mktorest.com`). */
export const MARKETO_INSTANCE = {
  munchkinId: '123-MOB-456',
  /** The API-only user of the custom service, returned as the token's `scope`. */
  apiUser: 'mobly.sandbox@mobly.example',
} as const;

/** The LaunchPoint custom service seeded in the sandbox (Admin > LaunchPoint > View Details). */
export const MARKETO_CLIENT = {
  clientId: '5f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5',
  clientSecret: 'MoblySandboxMarketoClientSecret00',
} as const;

/** Access tokens live one hour. */
export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 3600;
/** 606 above 100 calls in any 20 s. */
export const DEFAULT_RATE_LIMIT = { calls: 100, windowMs: 20_000 } as const;
/** 615 above 10 calls in flight. */
export const DEFAULT_CONCURRENCY_LIMIT = 10;
/** Typical subscription quota; it resets at midnight US Central. */
export const DEFAULT_DAILY_QUOTA = 50_000;
export const QUOTA_TIME_ZONE = 'America/Chicago';

/** Records per Sync Leads, membership or list call. */
export const BATCH_RECORD_LIMIT = 300;
/** Values in one `filterValues`. */
export const FILTER_VALUE_LIMIT = 300;
/** Matches one Get Leads by Filter may return before it answers 1003. */
export const FILTER_RESULT_LIMIT = 1000;
/** 413 above 1 MB of body. */
export const MAX_BODY_BYTES = 1_048_576;
/** 414 above 8 KB of URI. */
export const MAX_URI_BYTES = 8192;

export const FIRST_LEAD_ID = 7149;

/** One status of a program's channel; a lead only moves to a higher step. */
export interface ProgramStatus {
  name: string;
  step: number;
  success: boolean;
}

export interface ProgramSeed {
  id: number;
  name: string;
  channel: string;
  statuses: ProgramStatus[];
}

const tradeshowStatuses: ProgramStatus[] = [
  { name: 'Not in Program', step: 0, success: false },
  { name: 'Invited', step: 10, success: false },
  { name: 'Registered', step: 20, success: false },
  { name: 'No Show', step: 30, success: false },
  { name: 'Attended', step: 30, success: false },
  { name: 'Visited Booth', step: 40, success: true },
];

const webinarStatuses: ProgramStatus[] = [
  { name: 'Not in Program', step: 0, success: false },
  { name: 'Invited', step: 10, success: false },
  { name: 'Registered', step: 20, success: false },
  { name: 'No Show', step: 30, success: false },
  { name: 'Attended', step: 30, success: true },
  { name: 'Attended On-demand', step: 40, success: true },
];

/** Programs the sandbox instance starts with. */
export const MARKETO_PROGRAMS: readonly ProgramSeed[] = [
  { id: 1001, name: 'Expo 2026', channel: 'Tradeshow', statuses: tradeshowStatuses },
  { id: 1002, name: 'Webinar 2026', channel: 'Webinar', statuses: webinarStatuses },
];

/** Static lists the sandbox instance starts with. */
export const MARKETO_LISTS: readonly { id: number; name: string }[] = [
  { id: 1160, name: 'Mobly Leads' },
];
