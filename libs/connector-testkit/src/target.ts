import type {
  ConnectorDefinition,
  Credentials,
  ErrorCategory,
  NotifyMessage,
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
  /** The persona object the checks upsert (a messaging connector names what it posts). */
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
   * so the expiry lands mid-batch (after the batch's reads). When a batch takes several write
   * calls (a messaging connector posts one message per call), the kit asks for the expiry after
   * `afterWrites` accepted writes. Optional: without it the kit only expires the tokens between
   * batches.
   */
  expireAccessTokenAtNextWrite?(afterWrites?: number): Promise<void>;
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
  /**
   * A messaging connector's side of the contract. With all three, the behavioural checks post
   * messages through `notify` instead of upserting the persona; without them they do not apply
   * to a notify-only connector.
   */
  notify?: NotifyTarget;
}

/** What the kit needs to prove a messaging connector's `notify` against its emulator. */
export interface NotifyTarget {
  /**
   * A message the vendor accepts. `marker` is text that only this index's delivered message
   * carries, so the emulator can count its deliveries; the kit replaces the message's `key`.
   * Distinct indexes may go to different channels.
   */
  validMessage(index: number): { message: NotifyMessage; marker: string };
  /** A message the vendor (or the connector before calling it) refuses, and its category. */
  invalidMessage(index: number): { message: NotifyMessage; category: ErrorCategory };
  /** How many messages the emulator holds, over every channel, that carry this marker. */
  deliveredCount(marker: string): Promise<number>;
}
