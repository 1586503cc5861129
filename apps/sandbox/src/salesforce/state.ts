import { SALESFORCE_USER } from './constants';
import { Clock } from './clock';
import { Journal } from './journal';
import { RecordStore, type SalesforceRecord } from './records';
import { ScenarioBook } from './scenarios';
import { SchemaRegistry, type SObjectType } from './schema';
import { TokenStore } from './tokens';

export interface SalesforceSettings {
  accessTokenTtlMs: number;
  /** When on, every refresh answers a new refresh token and burns the one it was given. */
  refreshTokenRotation: boolean;
  /** When on, restricted picklists reject values that differ from a defined one only by case. */
  strictPicklistCase: boolean;
  queryPageSize: number;
  /** Daily API allocation reported in `Sforce-Limit-Info` and `/limits`. */
  apiRequestLimit: number;
  /** Requests running at once before `REQUEST_LIMIT_EXCEEDED` (ConcurrentPerOrgLongTxn). */
  concurrentRequestLimit: number;
}

/** Rows of one query kept for `nextRecordsUrl` paging. */
export interface QueryCursor {
  type: SObjectType;
  fields: string[];
  rows: SalesforceRecord[];
  pageSize: number;
}

/** All mutable state of one emulated org, shared by its routes and its programmatic API. */
export class SalesforceState {
  readonly clock = new Clock();
  readonly schema = new SchemaRegistry();
  readonly tokens: TokenStore;
  readonly store: RecordStore;
  readonly scenarios = new ScenarioBook();
  readonly journal = new Journal();
  settings: SalesforceSettings;
  apiUsage = 0;
  /** The sandbox user's password (its security token stays); an admin may change it. */
  userPassword: string = SALESFORCE_USER.password;
  /** Data API requests admitted and not yet answered. */
  inFlight = 0;
  /** Most data API requests ever in flight at once. */
  peakInFlight = 0;

  private readonly cursors = new Map<string, QueryCursor>();
  private nextCursor = 1;

  constructor(private readonly defaults: SalesforceSettings) {
    this.settings = { ...defaults };
    this.tokens = new TokenStore(this.clock, () => this.settings.accessTokenTtlMs);
    this.store = new RecordStore(this.schema, this.clock);
  }

  /** Keeps query rows for `nextRecordsUrl` paging; returns the cursor id. */
  openCursor(cursor: QueryCursor): string {
    const id = `01g5g00000Sbx${String(this.nextCursor).padStart(5, '0')}`;
    this.nextCursor += 1;
    this.cursors.set(id, cursor);

    return id;
  }

  cursor(id: string): QueryCursor | undefined {
    return this.cursors.get(id);
  }

  reset(): void {
    this.settings = { ...this.defaults };
    this.clock.reset();
    this.schema.reset();
    this.tokens.reset();
    this.userPassword = SALESFORCE_USER.password;
    this.store.reset();
    this.scenarios.clear();
    this.journal.clear();
    this.cursors.clear();
    this.nextCursor = 1;
    this.apiUsage = 0;
    this.inFlight = 0;
    this.peakInFlight = 0;
  }
}
