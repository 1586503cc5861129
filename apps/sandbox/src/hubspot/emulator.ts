import express, { Router, type NextFunction, type Request, type Response } from 'express';

import type { VendorEmulator } from '../vendor';
import {
  DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
  DEFAULT_DAILY_LIMIT,
  DEFAULT_RATE_WINDOW_MS,
  DEFAULT_REQUESTS_PER_WINDOW,
  DEFAULT_SEARCH_REQUESTS_PER_SECOND,
  HUBSPOT_APP,
} from './constants';
import { isRecord, sendError } from './http';
import type { HubSpotJournalEntry } from './journal';
import type { HubSpotList, ListProcessingType } from './lists';
import { OBJECT_TYPE_INFO, type HubSpotObjectType } from './objects';
import type { PropertyDefinition, PropertyOverride } from './properties';
import type { Association, HubSpotRecord } from './records';
import { associationRoutes } from './routes/associations.routes';
import { controlRoutes } from './routes/control.routes';
import { listRoutes } from './routes/lists.routes';
import { metadataRoutes } from './routes/metadata.routes';
import { oauthRoutes } from './routes/oauth.routes';
import { objectRoutes } from './routes/objects.routes';
import { routeOf } from './routes/shared';
import type { HubSpotFailureKind, HubSpotRoute, HubSpotScenarioSwitch } from './scenarios';
import { HubSpotState, type HubSpotSettings } from './state';
import { validateProperties } from './validation';
import { WriteService } from './writes';

export type HubSpotEmulatorOptions = Partial<HubSpotSettings>;

const VENDOR_PATHS = ['/oauth', '/crm', '/account-info'];

/** Credentials of a completed OAuth install, as the token endpoint would have answered them. */
export interface HubSpotGrant {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  accessToken: string;
  /** ISO-8601 expiry of the access token. */
  expiresAt: string;
}

/**
 * A HubSpot account that `@hubspot/api-client` cannot tell apart from the real one, for OAuth,
 * properties, contacts and companies (single, batch, search), associations and lists. State
 * lives in memory per instance.
 */
export class HubSpotEmulator implements VendorEmulator {
  readonly vendor = 'hubspot';
  private readonly state: HubSpotState;
  private readonly writes: WriteService;

  constructor(options: HubSpotEmulatorOptions = {}) {
    this.state = new HubSpotState(
      checkSettings({
        accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
        refreshTokenRotation: options.refreshTokenRotation ?? false,
        requestsPerWindow: options.requestsPerWindow ?? DEFAULT_REQUESTS_PER_WINDOW,
        windowMs: options.windowMs ?? DEFAULT_RATE_WINDOW_MS,
        searchRequestsPerSecond:
          options.searchRequestsPerSecond ?? DEFAULT_SEARCH_REQUESTS_PER_SECOND,
        dailyLimit: options.dailyLimit ?? DEFAULT_DAILY_LIMIT,
        retryAfterOnRateLimit: options.retryAfterOnRateLimit ?? true,
        partialUpsertByEmail: options.partialUpsertByEmail ?? false,
        searchIndexDelayMs: options.searchIndexDelayMs ?? 0,
      }),
    );
    this.writes = new WriteService(this.state);
  }

  router(): Router {
    const router = Router();
    router.use(
      VENDOR_PATHS,
      journalMiddleware(this.state),
      express.json({ limit: '5mb', type: ['application/json', 'application/*+json'] }),
      express.urlencoded({ extended: false }),
    );
    router.use(oauthRoutes(this.state));
    router.use(metadataRoutes(this.state));
    router.use(objectRoutes(this.state, this.writes));
    router.use(associationRoutes(this.state));
    router.use(listRoutes(this.state));
    router.use(VENDOR_PATHS, (_req, res) =>
      sendError(res, 404, 'OBJECT_NOT_FOUND', 'resource not found'),
    );
    router.use(VENDOR_PATHS, errorHandler);

    return router;
  }

  controlRouter(): Router {
    return controlRoutes(this);
  }

  /** As if the sandbox user installed the seeded app: a fresh grant's credentials. */
  grant(scopes?: readonly string[]): HubSpotGrant {
    const grant = this.state.tokens.createGrant(HUBSPOT_APP.clientId, scopes);
    const access = this.state.tokens.issueAccessToken(grant);

    return {
      clientId: HUBSPOT_APP.clientId,
      clientSecret: HUBSPOT_APP.clientSecret,
      refreshToken: grant.refreshToken,
      accessToken: access.token,
      expiresAt: new Date(access.expiresAt).toISOString(),
    };
  }

  /** A private app created in the account: its static access token (`pat-…`). */
  privateAppToken(scopes?: readonly string[]): string {
    return this.state.tokens.createPrivateAppToken(scopes).token;
  }

  /** Deletes every private app: their tokens answer 401 INVALID_AUTHENTICATION. */
  revokePrivateAppTokens(): void {
    this.state.tokens.revokePrivateAppTokens();
  }

  /** A refresh token of a fresh grant (no access token issued yet). */
  grantRefreshToken(scopes?: readonly string[]): string {
    return this.state.tokens.createGrant(HUBSPOT_APP.clientId, scopes).refreshToken;
  }

  expireAccessTokens(): void {
    this.state.tokens.expireAccessTokens();
  }

  /** Every access token issued so far expires once `requests` more CRM calls were accepted. */
  expireAccessTokensAfter(requests: number): void {
    this.state.tokens.expireAccessTokensAfter(requests);
  }

  /** Every access token issued so far expires when the next write call arrives. */
  expireAccessTokensAtNextWrite(): void {
    this.state.tokens.expireAccessTokensAtNextWrite();
  }

  /** Revokes every grant (the app was uninstalled): refreshes answer BAD_REFRESH_TOKEN. */
  revokeGrants(): void {
    this.state.tokens.revokeGrants();
  }

  /** Changes settings from now on (token lifetime, rate limits, upsert semantics…). */
  configure(patch: Partial<HubSpotSettings>): HubSpotSettings {
    this.state.settings = checkSettings({ ...this.state.settings, ...patch });

    return this.settings();
  }

  settings(): HubSpotSettings {
    return { ...this.state.settings };
  }

  /** Moves the emulator's clock forward (token expiry and rate windows follow it). */
  advanceClock(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`ms must be >= 0: ${ms}`);
    this.state.clock.advance(ms);
  }

  records(type: HubSpotObjectType): HubSpotRecord[] {
    return this.state.records.list(type).map(copyRecord);
  }

  record(type: HubSpotObjectType, id: string): HubSpotRecord | undefined {
    const record = this.state.records.get(type, id);

    return record ? copyRecord(record) : undefined;
  }

  /** Inserts an object with the account's validation; throws when HubSpot would refuse it. */
  seedRecord(type: HubSpotObjectType, properties: Record<string, string>): string {
    const validation = validateProperties(this.state.properties, type, properties);
    if (!validation.ok) {
      throw new RangeError(validation.errors.map((error) => error.message).join('; '));
    }
    const email = validation.values.email;
    if (type === 'contacts' && email && this.state.records.findBy('contacts', 'email', email)) {
      throw new RangeError(`A contact with ${email} already exists`);
    }

    return this.state.records.create(type, validation.values).id;
  }

  archiveRecord(type: HubSpotObjectType, id: string): void {
    if (!this.state.records.archive(type, id)) throw new RangeError(`No live ${type} ${id}`);
  }

  associations(): Association[] {
    return this.state.records.listAssociations();
  }

  createList(
    name: string,
    processingType: ListProcessingType = 'MANUAL',
    type: HubSpotObjectType = 'contacts',
  ): string {
    return this.state.lists.create(name, OBJECT_TYPE_INFO[type].objectTypeId, processingType)
      .listId;
  }

  /** Deletes a list, as an admin would: reads and membership changes then answer 404. */
  deleteList(listId: string): void {
    if (!this.state.lists.delete(listId)) throw new RangeError(`No list ${listId}`);
  }

  lists(): HubSpotList[] {
    return this.state.lists.list();
  }

  properties(type: HubSpotObjectType): PropertyDefinition[] {
    return this.state.properties.list(type);
  }

  /** Changes one property definition (the served list and validation follow). */
  overrideProperty(type: HubSpotObjectType, name: string, patch: PropertyOverride): void {
    this.state.properties.override(type, name, patch);
  }

  /** Deletes one property: property lists no longer show it and writes naming it are refused. */
  deleteProperty(type: HubSpotObjectType, name: string): void {
    this.state.properties.delete(type, name);
  }

  /** Restores a deleted property: property lists show it again and writes may name it. */
  restoreProperty(type: HubSpotObjectType, name: string): void {
    this.state.properties.restore(type, name);
  }

  journal(): HubSpotJournalEntry[] {
    return this.state.journal.list();
  }

  clearJournal(): void {
    this.state.journal.clear();
  }

  /** The next `count` calls to `route` answer `kind`. */
  failNext(
    route: HubSpotRoute,
    count: number,
    kind: HubSpotFailureKind,
    options: { retryAfterSeconds?: number } = {},
  ): void {
    this.state.scenarios.arm(route, count, kind, options);
  }

  scenarios(): HubSpotScenarioSwitch[] {
    return this.state.scenarios.list();
  }

  clearScenarios(): void {
    this.state.scenarios.clear();
  }

  /** Back to a fresh account: no records, tokens, lists, switches or journal. */
  reset(): void {
    this.state.reset();
  }
}

function copyRecord(record: HubSpotRecord): HubSpotRecord {
  return { ...record, properties: { ...record.properties } };
}

function checkSettings(settings: HubSpotSettings): HubSpotSettings {
  const positive: Array<keyof HubSpotSettings> = [
    'accessTokenTtlSeconds',
    'requestsPerWindow',
    'windowMs',
    'searchRequestsPerSecond',
    'dailyLimit',
  ];
  for (const name of positive) {
    const value = settings[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`${name} must be a number >= 0: ${String(value)}`);
    }
  }
  if (!Number.isFinite(settings.searchIndexDelayMs) || settings.searchIndexDelayMs < 0) {
    throw new RangeError(`searchIndexDelayMs must be >= 0: ${settings.searchIndexDelayMs}`);
  }

  return settings;
}

function journalMiddleware(state: HubSpotState) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = Date.now();
    const time = state.clock.iso();
    res.on('finish', () => {
      const url = new URL(req.originalUrl, 'http://sandbox.invalid');
      const body: unknown = req.body;
      const entry: HubSpotJournalEntry = {
        method: req.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body,
        status: res.statusCode,
        time,
        durationMs: Date.now() - started,
      };
      const route = routeOf(res);
      if (route) entry.route = route;
      state.journal.record(entry);
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
    sendError(res, 400, 'VALIDATION_ERROR', `Invalid input JSON on line 1, column 1: ${detail}`);

    return;
  }
  if (type === 'entity.too.large') {
    sendError(res, 413, 'VALIDATION_ERROR', 'request entity too large');

    return;
  }
  sendError(
    res,
    500,
    undefined,
    `internal error: ${error instanceof Error ? error.message : String(error)}`,
  );
}
