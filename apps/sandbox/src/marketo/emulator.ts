import express, { Router, type NextFunction, type Request, type Response } from 'express';

import type { VendorEmulator } from '../vendor';
import {
  DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
  DEFAULT_CONCURRENCY_LIMIT,
  DEFAULT_DAILY_QUOTA,
  DEFAULT_RATE_LIMIT,
  MARKETO_CLIENT,
  MAX_BODY_BYTES,
  type ProgramSeed,
} from './constants';
import { isRecord, responseError, sendHtml, sendJson, type MarketoError } from './envelope';
import type { JournalEntry } from './journal';
import type { MarketoLead } from './leads';
import type { Usage } from './limits';
import type { ProgramMember } from './programs';
import { controlRoutes } from './routes/control.routes';
import { identityRoutes } from './routes/identity.routes';
import { leadRoutes } from './routes/leads.routes';
import { isKnownPath, routeOf } from './routes/paths';
import { programRoutes } from './routes/programs.routes';
import {
  applyGetOverride,
  fail,
  isGetOverride,
  pathOf,
  requestParams,
  restGate,
} from './routes/shared';
import type { ArmOptions, FailureKind, MarketoRoute, ScenarioSwitch } from './scenarios';
import { MarketoState, type MarketoSettings } from './state';

export type MarketoEmulatorOptions = Partial<MarketoSettings>;

const JSON_TYPES = ['application/json', 'application/*+json'];
const FORM_TYPE = 'application/x-www-form-urlencoded';

/**
 * A Marketo instance for the connector's own HTTP code: the identity endpoint, Describe, Get
 * Leads by Filter, Sync Leads, program and list membership, with Marketo's HTTP-200 error
 * envelopes and its rate, concurrency and daily limits. State lives in memory per instance.
 */
export class MarketoEmulator implements VendorEmulator {
  readonly vendor = 'marketo';
  private readonly state: MarketoState;

  constructor(options: MarketoEmulatorOptions = {}) {
    this.state = new MarketoState({
      accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
      rateLimitCalls: options.rateLimitCalls ?? DEFAULT_RATE_LIMIT.calls,
      rateWindowMs: options.rateWindowMs ?? DEFAULT_RATE_LIMIT.windowMs,
      concurrencyLimit: options.concurrencyLimit ?? DEFAULT_CONCURRENCY_LIMIT,
      dailyQuota: options.dailyQuota ?? DEFAULT_DAILY_QUOTA,
      responseDelayMs: options.responseDelayMs ?? 0,
    });
  }

  router(): Router {
    const router = Router();
    const state = this.state;
    const vendorPaths = ['/identity', '/rest'];
    router.use(vendorPaths, journalMiddleware(state));

    router.use('/identity', express.text({ type: FORM_TYPE }));
    router.use(identityRoutes(state));
    router.use('/identity', (_req, res) => {
      sendJson(res, 404, { error: 'not_found', error_description: 'Not found' });
    });

    router.use(
      '/rest',
      restGate(state),
      (req: Request, res: Response, next: NextFunction) => {
        if (req.method !== 'POST' || isGetOverride(req)) return next();
        if (!/^application\/json\s*(;|$)/i.test(req.get('content-type') ?? '')) {
          return fail(state, res, responseError('612'));
        }
        next();
      },
      express.json({ limit: MAX_BODY_BYTES, type: JSON_TYPES }),
      express.text({ limit: MAX_BODY_BYTES, type: FORM_TYPE }),
      (req: Request, _res: Response, next: NextFunction) => {
        applyGetOverride(req);
        next();
      },
    );
    router.use(leadRoutes(state));
    router.use(programRoutes(state));
    router.use('/rest', (req, res) => {
      fail(state, res, responseError(isKnownPath(pathOf(req)) ? '605' : '610'));
    });

    router.use(vendorPaths, errorHandler(state));

    return router;
  }

  controlRouter(): Router {
    return controlRoutes(this);
  }

  /** The custom service's client id and secret (Admin > LaunchPoint). */
  credentials(): { clientId: string; clientSecret: string } {
    return { clientId: MARKETO_CLIENT.clientId, clientSecret: MARKETO_CLIENT.clientSecret };
  }

  /** The REST and identity base URLs under a sandbox base URL. */
  baseUrls(sandboxUrl: string): { restBaseUrl: string; identityBaseUrl: string } {
    return { restBaseUrl: `${sandboxUrl}/rest`, identityBaseUrl: `${sandboxUrl}/identity` };
  }

  /** The client's live access token, as the identity endpoint would hand it out. */
  issueAccessToken(): string {
    return this.state.tokens.issue(MARKETO_CLIENT.clientId).token;
  }

  /** Every token issued so far expires now: REST calls answer 602 until the client re-authenticates. */
  expireAccessTokens(): void {
    this.state.tokens.expireAll();
  }

  /** Every token issued so far is revoked: REST calls answer 601. */
  revokeAccessTokens(): void {
    this.state.tokens.revokeAll();
  }

  /**
   * Changes limits and timings from now on. A limit of 0 refuses every call (607, 606 or 615);
   * the rate window must be at least 1 ms.
   */
  configure(patch: Partial<MarketoSettings>): void {
    const next = { ...this.state.settings, ...patch };
    for (const [name, value] of Object.entries(next)) {
      const minimum = name === 'rateWindowMs' ? 1 : 0;
      if (!Number.isFinite(value) || value < minimum) {
        throw new RangeError(`${name} must be >= ${minimum}: ${value}`);
      }
    }
    this.state.settings = next;
  }

  settings(): MarketoSettings {
    return { ...this.state.settings };
  }

  usage(): Usage {
    return this.state.usage.usage(this.state.clock.now(), this.state.settings);
  }

  /** Moves the emulator's clock forward (token expiry, rate window and quota day follow it). */
  advanceClock(ms: number): void {
    this.state.clock.advance(ms);
  }

  leads(): MarketoLead[] {
    return this.state.leads.list();
  }

  lead(id: number): MarketoLead | undefined {
    return this.state.leads.get(id);
  }

  /** Inserts a lead as Sync Leads `createDuplicate` would (emails may repeat); returns its id. */
  seedLead(values: Record<string, unknown>): number {
    return this.state.leads.seed(values);
  }

  /** Deletes a lead (and its program and list memberships); its id stays unknown afterwards. */
  /** Deletes one lead field: the describes no longer list it and writes naming it get 1006. */
  deleteField(name: string): void {
    this.state.leads.deleteField(name);
  }

  /** Brings a deleted lead field back: the describes list it again and writes may name it. */
  restoreField(name: string): void {
    this.state.leads.restoreField(name);
  }

  deleteLead(id: number): void {
    this.state.leads.delete(id);
    this.state.programs.forget(id);
    this.state.lists.forget(id);
  }

  /** A new program on the channel of a seeded one (Tradeshow, Webinar); returns its id. */
  createProgram(name: string, channel: string): number {
    return this.state.programs.create(name, channel);
  }

  /** Archives a program: the API then answers as if it did not exist. */
  archiveProgram(id: number): void {
    this.state.programs.archive(id);
  }

  programs(): ProgramSeed[] {
    return this.state.programs.list();
  }

  programMembers(programId: number): ProgramMember[] {
    return this.state.programs.members(programId);
  }

  listMembers(listId: number): number[] {
    return this.state.lists.members(listId);
  }

  journal(): JournalEntry[] {
    return this.state.journal.list();
  }

  clearJournal(): void {
    this.state.journal.clear();
  }

  /**
   * The next `count` calls to `route` (after letting `options.after` through) answer `kind`:
   * a response-level code for REST routes, an identity failure for `identity`.
   */
  failNext(route: MarketoRoute, count: number, kind: FailureKind, options: ArmOptions = {}): void {
    this.state.scenarios.arm(route, count, kind, options);
  }

  scenarios(): ScenarioSwitch[] {
    return this.state.scenarios.list();
  }

  clearScenarios(): void {
    this.state.scenarios.clear();
  }

  /** Back to a fresh instance: no leads, tokens, members, switches or journal; constructor settings. */
  reset(): void {
    this.state.reset();
  }
}

function journalMiddleware(state: MarketoState) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = state.clock.now();
    const startedReal = Date.now();
    const received = req.method;
    const method = isGetOverride(req) ? 'GET' : req.method;
    res.on('finish', () => {
      const path = pathOf(req);
      const query = Object.fromEntries(requestParams(req));
      const errorCode: unknown = res.locals.errorCode;
      const entry: JournalEntry = {
        method: received,
        path,
        query,
        body: req.body,
        status: res.statusCode,
        time: new Date(started).toISOString(),
        durationMs: Date.now() - startedReal,
      };
      const route = routeOf(method, path);
      if (route) entry.route = route;
      if (typeof errorCode === 'string') entry.errorCode = errorCode;
      state.journal.record(entry);
    });
    next();
  };
}

function errorHandler(state: MarketoState) {
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(error);

      return;
    }
    const type = isRecord(error) ? error.type : undefined;
    if (type === 'entity.too.large') {
      sendHtml(res, 413, 'Request Entity Too Large');

      return;
    }
    if (pathOf(req).startsWith('/identity')) {
      sendJson(res, 400, { error: 'invalid_request', error_description: 'Bad request' });

      return;
    }
    let failure: MarketoError = responseError('611');
    if (type === 'entity.parse.failed') failure = responseError('609');
    if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
      failure = responseError('612');
    }
    fail(state, res, failure);
  };
}
