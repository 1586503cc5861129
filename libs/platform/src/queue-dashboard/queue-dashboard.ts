import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { RequestContext } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Queue } from 'bullmq';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { Authenticator } from '@libs/access';
import { ALERTS_QUEUE } from '@libs/alerts';
import {
  actorOf,
  DomainError,
  ERROR_STATUS,
  ERROR_TITLES,
  ErrorCode,
  JobQueues,
  PROBLEM_CONTENT_TYPE,
  SecretBox,
  type Environment,
  type Principal,
} from '@libs/core';
import { SYNC_QUEUE } from '@libs/sync';
import { issueDashboardToken, readDashboardToken } from './dashboard-tokens';

/** Where the dashboard is served: its page, its assets and the JSON API the page calls. */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';

const COOKIE = 'mobly_queue_dashboard';
const TICKET_PURPOSE = 'queue-dashboard-ticket';
const SESSION_PURPOSE = 'queue-dashboard-session';
/** A login link is opened at once; the session it starts lasts a working stretch. */
const TICKET_TTL_MS = 60_000;
const SESSION_TTL_MS = 30 * 60_000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface DashboardLogin {
  url: string;
  expiresAt: Date;
}

function cookieOf(request: Request, name: string): string | undefined {
  const header = request.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }

  return undefined;
}

/** No `Origin` (not a browser's cross-site request), or the host the request was sent to. */
function fromSameOrigin(request: Request): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;

  return URL.canParse(origin) && new URL(origin).host === request.headers.host;
}

function problem(response: Response, request: Request, error: DomainError): void {
  const status = ERROR_STATUS[error.code];
  if (status === 401) response.setHeader('WWW-Authenticate', 'Bearer realm="mobly"');
  response
    .status(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(
      JSON.stringify({
        type: `urn:mobly:problem:${error.code}`,
        title: ERROR_TITLES[error.code],
        status,
        detail: error.detail,
        code: error.code,
        instance: request.originalUrl.split('?')[0],
        requestId: (request as Request & { id?: unknown }).id,
      }),
    );
}

/**
 * The BullMQ queues on bull-board, for Mobly staff. The board's page, assets and API take a
 * staff bearer credential (for scripts), or the session cookie a login link sets (for a
 * browser, which cannot put a bearer header on every asset it loads).
 */
@Injectable()
export class QueueDashboard {
  /** The dashboard's URL as people reach it: under `PUBLIC_URL`, behind any proxy path. */
  private readonly publicUrl: string;
  /** Its path in that URL: the cookie's path, the redirect after login and the page's base. */
  private readonly publicPath: string;
  private readonly secureCookie: boolean;

  constructor(
    private readonly queues: JobQueues,
    private readonly em: EntityManager,
    private readonly authenticator: Authenticator,
    private readonly box: SecretBox,
    config: ConfigService<Environment, true>,
  ) {
    const publicUrl = config.get('PUBLIC_URL').replace(/\/+$/, '');
    this.publicUrl = `${publicUrl}${QUEUE_DASHBOARD_PATH}`;
    this.publicPath = new URL(this.publicUrl).pathname;
    this.secureCookie = publicUrl.startsWith('https:');
  }

  /** A short-lived link that opens a dashboard session in the staff member's browser. */
  login(principal: Principal, now = Date.now()): DashboardLogin {
    const expiresAt = now + TICKET_TTL_MS;
    const ticket = issueDashboardToken(this.box, TICKET_PURPOSE, {
      actor: actorOf(principal),
      expiresAt,
    });
    const url = new URL(`${this.publicUrl}/login`);
    url.searchParams.set('ticket', ticket);

    return { url: url.toString(), expiresAt: new Date(expiresAt) };
  }

  /** The Express router to mount at `QUEUE_DASHBOARD_PATH`. */
  router(): Router {
    const board = new ExpressAdapter();
    board.setBasePath(this.publicPath);
    createBullBoard({
      // Both backends give BullMQ's own Queue class; the adapter's type names the Redis one.
      queues: [SYNC_QUEUE, ALERTS_QUEUE].map(
        (name) => new BullMQAdapter(this.queues.bullQueue(name) as Queue),
      ),
      serverAdapter: board,
      options: { uiConfig: { boardTitle: 'Mobly queues' } },
    });

    const router = Router();
    router.get('/login', (request, response) => this.openSession(request, response));
    router.use((request, response, next) => this.authorize(request, response, next));
    router.use(board.getRouter());

    return router;
  }

  private openSession(request: Request, response: Response): void {
    const ticket = typeof request.query.ticket === 'string' ? request.query.ticket : '';
    const claims = readDashboardToken(this.box, TICKET_PURPOSE, ticket);
    if (!claims || !this.stillStaff(claims.actor)) {
      problem(
        response,
        request,
        new DomainError(
          ErrorCode.Unauthorized,
          'The login link is not valid or has expired; ask for a new one with POST /v1/admin/queue-dashboard/logins',
        ),
      );

      return;
    }
    const expiresAt = Date.now() + SESSION_TTL_MS;
    const session = issueDashboardToken(this.box, SESSION_PURPOSE, {
      actor: claims.actor,
      expiresAt,
    });
    response.cookie(COOKIE, session, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.secureCookie,
      path: this.publicPath,
      maxAge: SESSION_TTL_MS,
    });
    response.redirect(303, `${this.publicPath}/`);
  }

  private async authorize(request: Request, response: Response, next: NextFunction) {
    try {
      // Mounted ahead of the API's routes: the key lookup needs a database context of its own.
      await RequestContext.create(this.em, () => this.check(request));
      next();
    } catch (error) {
      if (error instanceof DomainError) problem(response, request, error);
      else next(error);
    }
  }

  private async check(request: Request): Promise<void> {
    const header = request.headers.authorization;
    if (typeof header === 'string') {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) {
        throw new DomainError(ErrorCode.Unauthorized, 'Send Authorization: Bearer <credential>');
      }
      const principal = await this.authenticator.authenticate(match[1]);
      if (principal.role !== 'staff') {
        throw new DomainError(
          ErrorCode.Forbidden,
          `The queue dashboard is for staff callers; this credential is ${principal.role}`,
        );
      }

      return;
    }
    const session = readDashboardToken(this.box, SESSION_PURPOSE, cookieOf(request, COOKIE) ?? '');
    if (!session || !this.stillStaff(session.actor)) {
      throw new DomainError(
        ErrorCode.Unauthorized,
        'Send a staff credential as Authorization: Bearer <credential>, or open a login link from POST /v1/admin/queue-dashboard/logins',
      );
    }
    // The cookie is SameSite=Strict; a changing request must also come from the board's origin.
    if (!SAFE_METHODS.has(request.method) && !fromSameOrigin(request)) {
      throw new DomainError(ErrorCode.Forbidden, 'Dashboard actions come from the dashboard only');
    }
  }

  /** A session ends with the staff key it was opened with. */
  private stillStaff(actor: string): boolean {
    const [credential, id] = actor.split(':');

    return credential !== 'staff_key' || this.authenticator.isStaffKeyConfigured(id);
  }
}
