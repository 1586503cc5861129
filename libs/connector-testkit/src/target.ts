import type {
  ConnectorDefinition,
  Credentials,
  ErrorCategory,
  ObjectName,
  Settings,
  UpsertRecord,
} from '@libs/connector-sdk';

/** What the kit needs to connect a connector to its emulator. */
export interface ConformanceConnection {
  credentials: Credentials;
  settings: Settings;
}

/** One vendor error response the emulator can be made to answer, and what it must map to. */
export interface ErrorCase {
  name: string;
  /** Makes the emulator answer the connector's next write with this error. */
  arrange(): Promise<void>;
  category: ErrorCategory;
  retryable: boolean;
}

/** A write call the emulator saw: when, and how many records it carried. */
export interface WriteCall {
  at: number;
  records: number;
  /**
   * True when the vendor refused the whole call (expired token, rate limit, outage), so none of
   * its records were written. Per-record rejections inside an answered call are not refusals.
   */
  refused?: boolean;
}

/**
 * A connector paired with its emulator: the only thing an author provides to run the kit.
 * Emulator controls are async so they can drive an emulator in another process.
 */
export interface ConformanceTarget {
  definition: ConnectorDefinition;
  /** The persona object the upsert checks write. */
  persona: ObjectName;
  /** Fresh, working credentials and settings (e.g. a new OAuth grant on the emulator). */
  connect(): Promise<ConformanceConnection>;
  /** Credentials the vendor refuses. */
  badCredentials(): Promise<ConformanceConnection>;
  /** A record the vendor accepts; distinct `index` values give distinct people (emails). */
  validRecord(index: number): UpsertRecord;
  /** A record the vendor rejects on its own, and the category it must map to. */
  invalidRecord(index: number): { record: UpsertRecord; category: ErrorCategory };
  /** How many remote persona records carry this email. */
  remoteCount(email: string): Promise<number>;
  /** Makes every access token issued so far expire now. */
  expireAccessTokens(): Promise<void>;
  /**
   * Makes the connector's next write be answered as the vendor answers an expired access token,
   * so the expiry lands mid-batch (after the batch's reads). Optional: without it the kit only
   * expires the tokens between batches.
   */
  expireAccessTokenAtNextWrite?(): Promise<void>;
  /** Makes the next write answer the vendor's rate-limit response with this Retry-After. */
  rateLimitNextWrite(retryAfterSeconds: number): Promise<void>;
  /**
   * False when the vendor's rate-limit response carries no Retry-After (Salesforce answers
   * 403 REQUEST_LIMIT_EXCEEDED without one): the kit then only expects RATE_LIMITED and
   * retryable. Default true: the connector must report the vendor's wait as `retryAfterMs`, or
   * wait it out itself before writing again.
   */
  rateLimitRetryAfter?: boolean;
  /** Vendor error responses and their expected categories. */
  errorCases: ErrorCase[];
  /** Token-endpoint calls since the last `reset`. */
  tokenCalls(): Promise<number>;
  /** Write calls since the last `reset`. */
  writeCalls(): Promise<WriteCall[]>;
  /** Clears the journal, switches and records. */
  reset(): Promise<void>;
}
