import express, { Router, type NextFunction, type Request, type Response } from 'express';

import type { VendorEmulator } from '../vendor';
import {
  DEFAULT_ACCESS_TOKEN_TTL_MS,
  DEFAULT_API_REQUEST_LIMIT,
  DEFAULT_CONCURRENT_REQUEST_LIMIT,
  DEFAULT_QUERY_PAGE_SIZE,
  SALESFORCE_API_VERSIONS,
  SALESFORCE_CONNECTED_APP,
  SALESFORCE_USER,
} from './constants';
import { bearerToken, isRecord, NOT_FOUND, restError, sendErrors, sendJson } from './http';
import type { JournalEntry } from './journal';
import type { SalesforceRecord } from './records';
import { collectionRoutes } from './routes/collections.routes';
import { controlRoutes } from './routes/control.routes';
import { metadataRoutes } from './routes/metadata.routes';
import { oauthRoutes } from './routes/oauth.routes';
import { queryRoutes } from './routes/query.routes';
import { dataApiGate, scenario } from './routes/shared';
import { soapRoutes } from './routes/soap.routes';
import { sobjectRoutes } from './routes/sobject.routes';
import type { FailureKind, SalesforceRoute, ScenarioSwitch } from './scenarios';
import type { CustomPicklistField, FieldOverride, SObjectType } from './schema';
import { SalesforceState, type SalesforceSettings } from './state';
import { validateWrite } from './validation';
import { WriteService } from './writes';

export type SalesforceEmulatorOptions = Partial<SalesforceSettings>;

/**
 * A Salesforce org that jsforce cannot tell apart from the real one, for the OAuth token flow,
 * describe, SOQL and sObject Collections. State lives in memory per instance.
 */
export class SalesforceEmulator implements VendorEmulator {
  readonly vendor = 'salesforce';
  private readonly state: SalesforceState;
  private readonly writes: WriteService;

  constructor(options: SalesforceEmulatorOptions = {}) {
    this.state = new SalesforceState({
      accessTokenTtlMs: options.accessTokenTtlMs ?? DEFAULT_ACCESS_TOKEN_TTL_MS,
      refreshTokenRotation: options.refreshTokenRotation ?? false,
      strictPicklistCase: options.strictPicklistCase ?? false,
      queryPageSize: options.queryPageSize ?? DEFAULT_QUERY_PAGE_SIZE,
      apiRequestLimit: options.apiRequestLimit ?? DEFAULT_API_REQUEST_LIMIT,
      concurrentRequestLimit: options.concurrentRequestLimit ?? DEFAULT_CONCURRENT_REQUEST_LIMIT,
    });
    this.writes = new WriteService(this.state);
  }

  router(): Router {
    const router = Router();
    const vendorPaths = ['/services', '/id'];
    router.use(
      vendorPaths,
      journalMiddleware(this.state),
      express.json({ limit: '20mb', type: ['application/json', 'application/*+json'] }),
      express.urlencoded({ extended: false }),
    );
    router.use(oauthRoutes(this.state));
    router.use(soapRoutes(this.state));

    // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_versions.htm
    router.get('/services/data', scenario(this.state, 'versions'), (_req, res) => {
      sendJson(
        res,
        200,
        SALESFORCE_API_VERSIONS.map((version) => ({
          label: releaseLabel(version),
          url: `/services/data/v${version}`,
          version,
        })),
      );
    });

    const data = Router({ mergeParams: true });
    data.use(dataApiGate(this.state));
    data.use(metadataRoutes(this.state));
    data.use(queryRoutes(this.state));
    data.use(sobjectRoutes(this.state, this.writes));
    data.use(collectionRoutes(this.state, this.writes));
    data.use((_req, res) => sendErrors(res, 404, NOT_FOUND));
    router.use('/services/data/:version', data);

    router.use('/services', (_req, res) => sendErrors(res, 404, NOT_FOUND));
    router.use(vendorPaths, errorHandler);

    return router;
  }

  controlRouter(): Router {
    return controlRoutes(this);
  }

  /** As if the sandbox user completed the OAuth flow for the seeded connected app. */
  grantRefreshToken(): string {
    return this.state.tokens.createGrant(SALESFORCE_CONNECTED_APP.clientId).refreshToken;
  }

  /** A valid session token that belongs to no grant (like a password-flow login). */
  issueAccessToken(): string {
    return this.state.tokens.issueAccessToken().token;
  }

  expireAccessTokens(): void {
    this.state.tokens.expireAccessTokens();
  }

  /**
   * The sandbox user's username, password and security token, for the legacy login (SOAP
   * `login()` or the OAuth username-password flow).
   */
  userCredentials(): { username: string; password: string; securityToken: string } {
    return {
      username: SALESFORCE_USER.username,
      password: this.state.userPassword,
      securityToken: SALESFORCE_USER.securityToken,
    };
  }

  /** The user changed their password: logins with the old one answer INVALID_LOGIN. */
  setUserPassword(password: string): void {
    if (password.length === 0) throw new RangeError('password must not be empty');
    this.state.userPassword = password;
  }

  /** Revokes every grant and session: refresh tokens then fail with invalid_grant. */
  revokeGrants(): void {
    this.state.tokens.revokeGrants();
  }

  /** Lifetime of access tokens issued from now on (the org's session timeout). */
  setAccessTokenTtl(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`TTL must be >= 0: ${ms}`);
    this.state.settings.accessTokenTtlMs = ms;
  }

  setRefreshTokenRotation(enabled: boolean): void {
    this.state.settings.refreshTokenRotation = enabled;
  }

  setStrictPicklistCase(enabled: boolean): void {
    this.state.settings.strictPicklistCase = enabled;
  }

  setQueryPageSize(size: number): void {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`page size must be >= 1: ${size}`);
    this.state.settings.queryPageSize = size;
  }

  setApiRequestLimit(limit: number): void {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be >= 0: ${limit}`);
    this.state.settings.apiRequestLimit = limit;
  }

  settings(): SalesforceSettings {
    return { ...this.state.settings };
  }

  /** Moves the emulator's clock forward (token expiry is computed against it). */
  advanceClock(ms: number): void {
    this.state.clock.advance(ms);
  }

  records(type: SObjectType, options: { includeDeleted?: boolean } = {}): SalesforceRecord[] {
    return this.state.store.list(type, options).map((record) => ({ ...record }));
  }

  record(type: SObjectType, id: string): SalesforceRecord | undefined {
    const record = this.state.store.get(type, id);

    return record ? { ...record } : undefined;
  }

  /** Inserts a record with the org's create validation; throws when it would be rejected. */
  seedRecord(type: SObjectType, values: Record<string, unknown>): string {
    const validation = validateWrite(this.state.schema, type, values, 'create', {
      strictPicklistCase: this.state.settings.strictPicklistCase,
    });
    if (!validation.ok) {
      throw new RangeError(`${validation.error.statusCode}: ${validation.error.message}`);
    }

    return String(this.state.store.insert(type, validation.values).Id);
  }

  /**
   * A campaign with its member statuses (Sent and Responded unless given; the first is the
   * default); returns its id.
   */
  createCampaign(name: string, options: { statuses?: string[]; active?: boolean } = {}): string {
    const id = this.seedRecord('Campaign', { Name: name, IsActive: options.active ?? true });
    if (options.statuses && options.statuses.length > 0) {
      for (const status of this.state.store.list('CampaignMemberStatus')) {
        if (status.CampaignId === id) this.state.store.delete(String(status.Id));
      }
      options.statuses.forEach((label, index) =>
        this.state.store.insert('CampaignMemberStatus', {
          CampaignId: id,
          Label: label,
          SortOrder: index + 1,
          IsDefault: index === 0,
          HasResponded: index > 0,
        }),
      );
    }

    return id;
  }

  /** Switches a campaign off (IsActive false), as an admin archiving it. */
  archiveCampaign(id: string): void {
    if (!this.state.store.update(id, { IsActive: false }))
      throw new RangeError(`No Campaign ${id}`);
  }

  deleteRecord(type: SObjectType, id: string): void {
    if (!this.state.store.get(type, id)) throw new RangeError(`No live ${type} ${id}`);
    this.state.store.delete(id);
  }

  convertLead(id: string): { accountId: string; contactId: string } {
    return this.writes.convertLead(id);
  }

  /** Changes describe attributes of one field (validation and the served describe follow). */
  overrideField(type: SObjectType, field: string, patch: FieldOverride): void {
    this.state.schema.overrideField(type, field, patch);
  }

  /** Adds a custom (multi-select) picklist field, as an admin creating it in Setup. */
  addPicklistField(type: SObjectType, field: CustomPicklistField): void {
    this.state.schema.addPicklistField(type, field);
  }

  /** Deletes one field: the describe no longer lists it and writes naming it are refused. */
  deleteField(type: SObjectType, field: string): void {
    this.state.schema.deleteField(type, field);
  }

  /** The grant a refresh token belongs to, to tell connections apart in the journal. */
  grantIdOf(refreshToken: string): number | undefined {
    return this.state.tokens.grantForRefreshToken(refreshToken)?.id;
  }

  /** Brings a deleted field back: the describe lists it again and writes may name it. */
  restoreField(type: SObjectType, field: string): void {
    this.state.schema.restoreField(type, field);
  }

  journal(): JournalEntry[] {
    return this.state.journal.list();
  }

  clearJournal(): void {
    this.state.journal.clear();
  }

  /** The next `count` calls to `route` answer `kind` (records, for UNABLE_TO_LOCK_ROW). */
  failNext(route: SalesforceRoute, count: number, kind: FailureKind): void {
    this.state.scenarios.arm(route, count, kind);
  }

  scenarios(): ScenarioSwitch[] {
    return this.state.scenarios.list();
  }

  clearScenarios(): void {
    this.state.scenarios.clear();
  }

  /** Data API requests in flight now, and the most there ever were at once. */
  concurrency(): { inFlight: number; peak: number; limit: number } {
    return {
      inFlight: this.state.inFlight,
      peak: this.state.peakInFlight,
      limit: this.state.settings.concurrentRequestLimit,
    };
  }

  apiUsage(): { used: number; limit: number } {
    return { used: this.state.apiUsage, limit: this.state.settings.apiRequestLimit };
  }

  /** Back to a fresh org: no records, tokens, switches or journal; settings from the constructor. */
  reset(): void {
    this.state.reset();
  }
}

/** Release name of an API version: 62.0 is Winter '25, 63.0 Spring '25, 64.0 Summer '25. */
function releaseLabel(version: string): string {
  const offset = Number.parseInt(version, 10) - 62;
  const season = ['Winter', 'Spring', 'Summer'][((offset % 3) + 3) % 3];
  const year = 25 + Math.floor(offset / 3);

  return `${season} '${String(year).padStart(2, '0')}`;
}

function journalMiddleware(state: SalesforceState) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = Date.now();
    res.on('finish', () => {
      const url = new URL(req.originalUrl, 'http://sandbox.invalid');
      const body: unknown = req.body;
      const token = bearerToken(req);
      const grantId = token === undefined ? undefined : state.tokens.grantOfAccessToken(token);
      state.journal.record({
        method: req.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body,
        status: res.statusCode,
        ...(grantId === undefined ? {} : { grantId }),
        time: new Date(started).toISOString(),
        durationMs: Date.now() - started,
      });
    });
    next();
  };
}

function errorHandler(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) {
    next(error);

    return;
  }
  const type = isRecord(error) ? error.type : undefined;
  if (type === 'entity.parse.failed') {
    const detail = error instanceof Error ? error.message : 'malformed JSON';
    sendErrors(res, 400, restError('JSON_PARSER_ERROR', detail));

    return;
  }
  if (type === 'entity.too.large') {
    sendErrors(res, 413, restError('REQUEST_ENTITY_TOO_LARGE', 'request entity too large'));

    return;
  }
  sendErrors(
    res,
    500,
    restError(
      'UNKNOWN_EXCEPTION',
      `An unexpected error occurred: ${error instanceof Error ? error.message : String(error)}`,
    ),
  );
}
