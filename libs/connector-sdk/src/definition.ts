import type { NormalisedError } from './errors';

export const SDK_VERSION = '0.1.0';

export type IntegrationCategory = 'crm' | 'marketing_automation' | 'communication' | 'webhook';

/** Generic destination object names used by the host; connectors map them onto vendor objects. */
export type ObjectName = string;

export type AuthScheme =
  'oauth2_authorization_code' | 'client_credentials' | 'api_key' | 'password';

export interface AuthField {
  name: string;
  label: string;
  secret: boolean;
  required: boolean;
  description?: string;
  /** The values the field accepts, when it is a choice (e.g. a matching strategy). */
  options?: readonly string[];
}

export interface VendorLimits {
  /** Largest number of records one upsert call may carry. */
  maxBatchSize: number;
  /** Requests allowed per window, shared by every worker of one connection. */
  requestsPerWindow?: number;
  windowMs?: number;
  dailyCap?: number;
  concurrency?: number;
}

/** Credentials as the host stores them (encrypted at rest); opaque to the host. */
export type Credentials = Record<string, string>;

/** Non-secret, per-connection settings (login URL, matching strategy, API base…). */
export type Settings = Record<string, string>;

export interface ConnectorContext {
  credentials: Credentials;
  settings: Settings;
  /**
   * Called when the connector obtained new credentials (refreshed access token, rotated
   * refresh token). The host persists them; the connector never stores anything itself.
   */
  onCredentialsChanged(next: Credentials): Promise<void>;
  /**
   * Runs one token refresh at a time per connection, across every worker and process. Under
   * the host's lock the stored credentials are read again: when they differ from `stale`,
   * another worker refreshed meanwhile and they are returned untouched; otherwise `refresh`
   * runs and what it returns is stored before the lock is released. Either way the connector
   * adopts the result and does not report it through `onCredentialsChanged` again.
   * Hosts without a shared store may leave it out; connectors then refresh on their own.
   */
  refreshOnce?(stale: Credentials, refresh: () => Promise<Credentials>): Promise<Credentials>;
}

/** What the host hands a connector to exchange an authorization code for credentials. */
export interface CodeExchange {
  code: string;
  /** The redirect URI the authorize request named; vendors compare the two. */
  redirectUri: string;
  /** The PKCE verifier, for connectors whose flow declares `pkce`. */
  codeVerifier?: string;
  /** The app's fields the admin gave (`appFields`), e.g. client id and secret. */
  credentials: Credentials;
  settings: Settings;
}

/**
 * An OAuth 2.0 authorization code flow run by the host: it sends the admin to `authorizeUrl`
 * with a signed `state` (and a PKCE S256 challenge when `pkce`), then hands the code the vendor
 * sends back to `exchangeCode`.
 */
export interface OAuthCodeFlow {
  /** The vendor's consent page for a connection with these settings. */
  authorizeUrl(settings: Settings): string;
  scopes: readonly string[];
  /** How scopes are joined in the authorize URL. */
  scopeSeparator: ' ' | ',';
  /** Whether the vendor takes a PKCE code challenge (S256) and verifier. */
  pkce: boolean;
  /** Credential fields the admin supplies before authorising: the app's client id and secret. */
  appFields: readonly string[];
  /** Exchanges the code at the vendor's token endpoint; returns every credential to store. */
  exchangeCode(exchange: CodeExchange): Promise<Credentials>;
}

export type RemoteFieldType =
  | 'string'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'url'
  | 'picklist'
  | 'multipicklist'
  | 'boolean'
  | 'number'
  | 'date'
  | 'datetime'
  | 'reference'
  | 'id'
  | 'other';

export interface PicklistOption {
  value: string;
  label: string;
  active: boolean;
}

export interface RemoteField {
  name: string;
  label: string;
  type: RemoteFieldType;
  /** The vendor's own type name, e.g. `currency`, `address`. */
  vendorType: string;
  length?: number;
  /** Must be set on create. */
  required: boolean;
  /** Cannot be written through the API. */
  readOnly: boolean;
  picklist?: { restricted: boolean; options: PicklistOption[] };
  unique: boolean;
  externalId: boolean;
}

export interface RemoteSchema {
  object: ObjectName;
  fields: RemoteField[];
}

/** The role an object plays: a person (Persona), an organisation (Company) or a campaign. */
export type ObjectRole = 'persona' | 'company' | 'campaign';

export interface ObjectDescriptor {
  name: ObjectName;
  label: string;
  role: ObjectRole;
}

/** Write behaviour of one mapping row. */
export type WriteBehaviour = 'overwrite' | 'write_if_blank';

export interface RecommendedMappingRow {
  /** A Mobly lead field path, e.g. `firstName`, `company.name`. */
  source: string;
  target: string;
  behaviour: WriteBehaviour;
}

export interface RecommendedMappings {
  object: ObjectName;
  version: string;
  rows: RecommendedMappingRow[];
}

export type FieldValue = string | number | boolean | null;

/** One record handed to `upsert`: the mapped remote values plus what the host knows of it. */
export interface UpsertRecord {
  /** The host's key for this record; echoed back in the result. */
  key: string;
  /** Remote field name → value, after mapping. */
  values: Record<string, FieldValue>;
  /** Remote fields whose existing remote value must not be overwritten. */
  writeIfBlank?: string[];
  /** Remote id stored by the host from an earlier sync, tried first when matching. */
  remoteId?: string;
  /**
   * Every remote id the host stored for this record from earlier syncs, by object (e.g.
   * `{ Lead, Contact, Account }`): what a connector matches first when it writes the person
   * as another object than the one named, or links related records.
   */
  remoteIds?: Record<ObjectName, string>;
  /** Natural key used to find an existing record before creating one (usually an email). */
  matchEmail?: string;
  /**
   * Mapped values of related objects the connector writes and links to this record, keyed by
   * object name (e.g. the Company of a Persona, matched by its domain).
   */
  related?: Record<ObjectName, Record<string, FieldValue>>;
}

/** A record an upsert may send to another object than the one named, with its values. */
export interface PlannedWrite {
  object: ObjectName;
  values: Record<string, FieldValue>;
}

export type UpsertResult =
  | {
      key: string;
      ok: true;
      remoteId: string;
      action: 'created' | 'updated';
      object: ObjectName;
      /** Remote ids of the related records written or linked, by object; the host stores them. */
      related?: Record<ObjectName, string>;
    }
  | { key: string; ok: false; error: NormalisedError };

/** One record to find without writing: what `upsert` would match it by. */
export interface MatchRecord {
  /** The host's key for this record; echoed back in the result. */
  key: string;
  /** Remote id stored by the host from an earlier sync, tried first. */
  remoteId?: string;
  /** Every remote id the host stored for this record, by object (see `UpsertRecord`). */
  remoteIds?: Record<ObjectName, string>;
  /** Natural key used to find an existing record (usually an email). */
  matchEmail?: string;
}

/** How a record was found: its stored remote id, its natural key, or not at all (a create). */
export type MatchedBy = 'remote_id' | 'email' | 'none';

export type MatchResult =
  | { key: string; ok: true; object: ObjectName; matchedBy: MatchedBy; remoteId?: string }
  | { key: string; ok: false; error: NormalisedError };

/** A person already written to the vendor, to add to a campaign / list / program. */
export interface CampaignMember {
  key: string;
  personId: string;
  personObject: ObjectName;
}

export type CampaignMemberResult =
  { key: string; ok: true } | { key: string; ok: false; error: NormalisedError };

/** A campaign, program or list as the vendor describes it, to check a link before using it. */
export interface RemoteCampaign {
  id: string;
  name: string;
  /** False when the vendor will not take members: archived, inactive, deleted, dynamic. */
  active: boolean;
  /** Why it is not active, in the vendor's words. */
  inactiveReason?: string;
  /** Member / program statuses it knows; absent when it has none (a list). */
  statuses?: string[];
  /** The status a member gets when none is given. */
  defaultStatus?: string;
}

/** What the host knows of a captured lead, for a messaging connector to lay out. */
export interface LeadCard {
  name: string;
  email?: string;
  jobTitle?: string;
  company?: string;
  event?: string;
  /** Qualifier answers: question → chosen values. */
  answers?: Record<string, string[]>;
  capturedAt?: string;
}

/** A digest of the sync errors of one connection over a period, for a messaging connector. */
export interface DigestCard {
  /** The connection the errors happened on, e.g. `Salesforce (Acme prod)`. */
  connection: string;
  /** The period covered, e.g. `in the last hour`. */
  period?: string;
  categories: {
    /** The normalised category code, e.g. `DATA_VALUE_VALIDATION`. */
    category: string;
    /** Leads that failed with it in the period. */
    count: number;
    /** Plain-language description of the problem. */
    description: string;
    helpUrl?: string;
  }[];
  /** Where an admin sees the failed leads and retries them. */
  reconciliationUrl?: string;
}

/**
 * A message for a messaging connector. `text` is the plain fallback; `blocks` the vendor's rich
 * layout (Block Kit…); with `lead` or `digest` and no `blocks`, the connector lays it out itself.
 */
export interface NotifyMessage {
  key: string;
  channel: string;
  text: string;
  blocks?: Array<Record<string, unknown>>;
  lead?: LeadCard;
  digest?: DigestCard;
}

export type NotifyResult =
  { key: string; ok: true; messageId: string } | { key: string; ok: false; error: NormalisedError };

export interface TestConnectionResult {
  ok: boolean;
  /** A human-readable account identity: org id, portal, workspace… */
  account?: string;
  /**
   * The vendor account's stable id (Salesforce org id, HubSpot hub id), whoever connected it and
   * however: connections reporting the same one share the account's rate budget. Without it,
   * `account` is the identity.
   */
  accountId?: string;
  error?: NormalisedError;
}

/** What a connected connector can do. Created per connection by `ConnectorDefinition.create`. */
export interface ConnectorClient {
  testConnection(): Promise<TestConnectionResult>;
  /** Refreshes credentials now; returns the new credentials (also reported to the host). */
  refreshCredentials(): Promise<Credentials>;
  describe(object: ObjectName): Promise<RemoteSchema>;
  /**
   * Writes records in the vendor's batch API. Returns exactly one result per input record, in
   * input order. Throws `ConnectorError` only when the whole call failed.
   */
  upsert(object: ObjectName, records: UpsertRecord[]): Promise<UpsertResult[]>;
  /**
   * Finds, without writing anything, the remote record `upsert` would update for each record,
   * following the same matching rules; `matchedBy: 'none'` means `upsert` would create one.
   * Returns exactly one result per input record, in input order. Optional: the host compares a
   * new configuration with what is already written (shadow mode) only through connectors that
   * have it.
   */
  match?(object: ObjectName, records: MatchRecord[]): Promise<MatchResult[]>;
  /** Adds people to a campaign (connectors with `capabilities.campaigns`); one result each. */
  addCampaignMembers?(
    campaign: { id: string; status?: string },
    members: CampaignMember[],
  ): Promise<CampaignMemberResult[]>;
  /**
   * Reads a campaign (connectors with `capabilities.campaigns`): undefined when the vendor has
   * none with that id. The host checks links with it before adding members.
   */
  describeCampaign?(id: string): Promise<RemoteCampaign | undefined>;
  /** Posts messages (connectors with `capabilities.notify`); one result each, in order. */
  notify?(messages: NotifyMessage[]): Promise<NotifyResult[]>;
}

export interface ConnectorDefinition {
  id: string;
  displayName: string;
  category: IntegrationCategory;
  /**
   * The vendor whose accounts this connector reaches, when another connector reaches them too
   * (e.g. a legacy connector of `salesforce`). Connections to one account of one vendor share its
   * rate budget, under that vendor connector's limits. Default: the connector's own id.
   */
  vendor?: string;
  version: string;
  /** Semver range of the SDK this connector was written against. */
  sdkVersion: string;
  auth: {
    scheme: AuthScheme;
    fields: AuthField[];
    /** With `oauth2_authorization_code`: how the host runs the connect flow. */
    oauth?: OAuthCodeFlow;
  };
  /** Per-connection settings the admin (or the host) fills in. */
  settings: AuthField[];
  capabilities: {
    objects: ObjectDescriptor[];
    batchUpsert: boolean;
    campaigns: boolean;
    notify: boolean;
    /**
     * How the vendor separates the values of a multi-select field (a qualifier answered with
     * several values is written joined by it). `;` when left out.
     */
    multiValueDelimiter?: string;
  };
  limits: VendorLimits;
  recommendedMappings(object: ObjectName): RecommendedMappings | undefined;
  /**
   * The records writing `record` to `object` may send besides it, under a connection's settings
   * (e.g. a Salesforce Lead written as a Contact under an Account): the host checks each against
   * its object's cached schema before any vendor call, as it checks `record` itself. No vendor
   * call. Without it, only `record` is checked.
   */
  plannedWrites?(settings: Settings, object: ObjectName, record: UpsertRecord): PlannedWrite[];
  create(context: ConnectorContext): ConnectorClient;
}

/** Identity helper that keeps a definition's literal types while checking its shape. */
export function defineConnector(definition: ConnectorDefinition): ConnectorDefinition {
  return definition;
}
