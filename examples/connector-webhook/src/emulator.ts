import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import express, { Router, type NextFunction, type Request, type Response } from 'express';

import {
  HEADERS,
  MAX_BATCH_SIZE,
  REQUESTS_PER_WINDOW,
  WEBHOOK_PROTOCOL_VERSION,
  WINDOW_MS,
} from './constants';
import { receiverControlRoutes } from './receiver-controls';
import { RECEIVER_LEAD_FIELDS } from './receiver-schema';
import { isObject, ReceiverStore, type ReceivedLead } from './receiver-store';
import {
  answerFailure,
  ScenarioBook,
  type ReceiverFailure,
  type ReceiverRoute,
  type ScenarioSwitch,
} from './receiver-scenarios';
import type { WireError } from './wire';

export type { ReceivedLead } from './receiver-store';
export {
  RECEIVER_FAILURES,
  RECEIVER_ROUTES,
  type ReceiverFailure,
  type ReceiverRoute,
  type ScenarioSwitch,
} from './receiver-scenarios';

/** Where the receiver's API lives on its server; the connection's endpoint URL points here. */
export const RECEIVER_PATH = '/hooks/mobly';

export const DEFAULT_RECEIVER_SECRET = 'whsec_emulator_0123456789abcdef';

/** One request the receiver answered (control routes are not recorded). */
export interface ReceiverJournalEntry {
  method: string;
  path: string;
  status: number;
  /** ISO-8601 time the request arrived. */
  time: string;
  timestamp?: string;
  signature?: string;
  idempotencyKeys: string[];
  /** Parsed JSON body, when there was one. */
  body: unknown;
  /** Records the request carried (`POST /leads`). */
  records: number;
}

export interface WebhookReceiverOptions {
  secret?: string;
  /** Shown by the connector as the connection's account. */
  name?: string;
  /** How far a request's timestamp may be from the receiver's clock. */
  toleranceSeconds?: number;
  maxBatchSize?: number;
  /** Requests accepted per window before answering 429; `false` to accept any rate. */
  rateLimit?: { requests: number; windowMs: number } | false;
}

interface Settings {
  secret: string;
  name: string;
  toleranceSeconds: number;
  maxBatchSize: number;
  rateLimit: { requests: number; windowMs: number } | false;
}

interface Exchange {
  timestamp?: string;
  signature?: string;
  body: unknown;
  idempotencyKeys: string[];
  records: number;
}

function sendError(res: Response, status: number, error: WireError): void {
  res.status(status).json({ error });
}

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];

  return typeof value === 'string' ? value : undefined;
}

/**
 * A customer's webhook receiver, as the README's protocol describes it: checks the version,
 * timestamp window and HMAC signature of every call, answers ping and schema, and stores leads,
 * deduplicated by Idempotency-Key and by email. State lives in memory per instance.
 */
export class WebhookReceiver {
  readonly vendor = 'webhook';
  private readonly initial: Settings;
  private settings: Settings;
  private readonly store = new ReceiverStore();
  private entries: ReceiverJournalEntry[] = [];
  private readonly scenarioBook = new ScenarioBook();
  private arrivals: number[] = [];
  private readonly exchanges = new WeakMap<Response, Exchange>();

  constructor(options: WebhookReceiverOptions = {}) {
    this.initial = {
      secret: options.secret ?? DEFAULT_RECEIVER_SECRET,
      name: options.name ?? 'Acme lead receiver',
      toleranceSeconds: options.toleranceSeconds ?? 300,
      maxBatchSize: options.maxBatchSize ?? MAX_BATCH_SIZE,
      rateLimit: options.rateLimit ?? { requests: REQUESTS_PER_WINDOW, windowMs: WINDOW_MS },
    };
    this.settings = { ...this.initial };
  }

  /** The secret requests must be signed with now. */
  get secret(): string {
    return this.settings.secret;
  }

  /** The receiver's API, to mount at `RECEIVER_PATH`. */
  router(): Router {
    const router = Router();
    router.use(express.raw({ type: () => true, limit: '5mb' }));
    router.use((req, res, next) => this.gate(req, res, next));
    router.post('/ping', this.scenario('ping'), (_req, res) => {
      res.json({ ok: true, receiver: this.settings.name });
    });
    router.get('/schema/:object', this.scenario('schema'), (req, res) => {
      if (req.params.object !== 'lead') {
        sendError(res, 404, { code: 'unknown_object', message: `no object ${req.params.object}` });

        return;
      }
      res.json({ object: 'lead', fields: RECEIVER_LEAD_FIELDS });
    });
    router.post('/leads', this.scenario('leads'), (_req, res) => this.receiveLeads(res));
    router.use((_req, res) => {
      sendError(res, 404, { code: 'not_found', message: 'no such receiver route' });
    });

    return router;
  }

  /** Test controls under `/__sandbox/webhook`, mirroring the programmatic API below. */
  controlRouter(): Router {
    return receiverControlRoutes(this);
  }

  /** The next `count` calls to `route` answer `kind`. */
  failNext(
    route: ReceiverRoute,
    count: number,
    kind: ReceiverFailure,
    options: { retryAfterSeconds?: number } = {},
  ): void {
    this.scenarioBook.arm(route, count, kind, options.retryAfterSeconds);
  }

  scenarios(): ScenarioSwitch[] {
    return this.scenarioBook.list();
  }

  clearScenarios(): void {
    this.scenarioBook.clear();
  }

  /** Rotates the secret: requests signed with the old one are refused from now on. */
  setSecret(secret: string): void {
    if (secret === '') throw new RangeError('the secret must not be empty');
    this.settings.secret = secret;
  }

  records(): ReceivedLead[] {
    return this.store.list();
  }

  /** Stored leads with this email (case-insensitive). */
  countByEmail(email: string): number {
    const wanted = email.toLowerCase();

    return this.records().filter((lead) => String(lead.fields.email).toLowerCase() === wanted)
      .length;
  }

  journal(): ReceiverJournalEntry[] {
    return [...this.entries];
  }

  clearJournal(): void {
    this.entries = [];
  }

  /** Back to a fresh receiver: no leads, keys, journal or switches; the original secret. */
  reset(): void {
    this.settings = { ...this.initial };
    this.store.clear();
    this.entries = [];
    this.scenarioBook.clear();
    this.arrivals = [];
  }

  /** Rate limit, protocol version, timestamp window and signature, in that order. */
  private gate(req: Request, res: Response, next: NextFunction): void {
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const exchange: Exchange = {
      timestamp: header(req, HEADERS.timestamp),
      signature: header(req, HEADERS.signature),
      body: raw === '' ? undefined : this.parse(raw),
      idempotencyKeys: [],
      records: 0,
    };
    if (isObject(exchange.body) && Array.isArray(exchange.body.records)) {
      exchange.records = exchange.body.records.length;
    }
    this.exchanges.set(res, exchange);
    this.journalOnFinish(req, res, exchange);

    const retryAfter = this.rateLimitRetryAfter();
    if (retryAfter !== undefined) {
      res.setHeader('Retry-After', String(retryAfter));
      sendError(res, 429, { code: 'rate_limited', message: 'Too many requests' });

      return;
    }
    const version = header(req, HEADERS.version);
    if (version !== WEBHOOK_PROTOCOL_VERSION) {
      sendError(res, 400, {
        code: 'unsupported_version',
        message: `${HEADERS.version} must be ${WEBHOOK_PROTOCOL_VERSION}, got ${version ?? 'none'}`,
      });

      return;
    }
    const refusal = this.verify(exchange.timestamp, exchange.signature, raw);
    if (refusal) {
      sendError(res, 401, refusal);

      return;
    }
    if (raw !== '' && exchange.body === undefined) {
      sendError(res, 400, { code: 'malformed_body', message: 'the body is not JSON' });

      return;
    }
    next();
  }

  private verify(
    timestamp: string | undefined,
    signature: string | undefined,
    raw: string,
  ): WireError | undefined {
    if (timestamp === undefined || signature === undefined) {
      return { code: 'missing_signature', message: 'the request is not signed' };
    }
    const seconds = Number(timestamp);
    const skew = Math.abs(Date.now() / 1000 - seconds);
    if (!/^\d+$/.test(timestamp) || skew > this.settings.toleranceSeconds) {
      return { code: 'stale_timestamp', message: `timestamp ${timestamp} is outside the window` };
    }
    const digest = createHmac('sha256', this.settings.secret)
      .update(`${timestamp}.${raw}`)
      .digest('hex');
    const expected = Buffer.from(`sha256=${digest}`);
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return { code: 'invalid_signature', message: 'the signature does not match' };
    }

    return undefined;
  }

  private rateLimitRetryAfter(): number | undefined {
    const limit = this.settings.rateLimit;
    if (limit === false) return undefined;
    const now = Date.now();
    this.arrivals = this.arrivals.filter((at) => at > now - limit.windowMs);
    if (this.arrivals.length >= limit.requests) {
      return Math.max(1, Math.ceil((this.arrivals[0] + limit.windowMs - now) / 1000));
    }
    this.arrivals.push(now);

    return undefined;
  }

  private scenario(route: ReceiverRoute) {
    return (_req: Request, res: Response, next: NextFunction): void => {
      const armed = this.scenarioBook.take(route);
      if (armed) answerFailure(res, armed);
      else next();
    };
  }

  private receiveLeads(res: Response): void {
    const exchange = this.exchanges.get(res);
    const body = exchange?.body;
    if (!isObject(body) || !Array.isArray(body.records)) {
      sendError(res, 400, { code: 'malformed_body', message: 'expected {"records": [...]}' });

      return;
    }
    if (body.records.length > this.settings.maxBatchSize) {
      sendError(res, 413, {
        code: 'batch_too_large',
        message: `at most ${this.settings.maxBatchSize} records per request`,
      });

      return;
    }
    const results = body.records.map((record, index) => this.store.receive(record, index));
    if (exchange) exchange.idempotencyKeys = results.map((result) => result.idempotencyKey);
    const allAccepted = results.every((result) => result.status === 200 || result.status === 201);
    res.status(allAccepted ? 200 : 207).json({ results });
  }

  private parse(raw: string): unknown {
    try {
      return JSON.parse(raw);
    } catch {
      return undefined;
    }
  }

  private journalOnFinish(req: Request, res: Response, exchange: Exchange): void {
    const time = new Date().toISOString();
    res.on('finish', () => {
      this.entries.push({
        method: req.method,
        path: new URL(req.originalUrl, 'http://receiver.invalid').pathname,
        status: res.statusCode,
        time,
        ...(exchange.timestamp === undefined ? {} : { timestamp: exchange.timestamp }),
        ...(exchange.signature === undefined ? {} : { signature: exchange.signature }),
        idempotencyKeys: exchange.idempotencyKeys,
        body: exchange.body,
        records: exchange.records,
      });
    });
  }
}

export interface RunningWebhookReceiver {
  /** The server, e.g. `http://127.0.0.1:4020`; test controls live under `/__sandbox/webhook`. */
  url: string;
  /** What a connection's `endpointUrl` setting should be. */
  endpointUrl: string;
  receiver: WebhookReceiver;
  close(): Promise<void>;
}

/** Starts a receiver on its own HTTP server (port 0 picks a free one). */
export async function startWebhookReceiver(
  options: WebhookReceiverOptions & { port?: number; host?: string } = {},
): Promise<RunningWebhookReceiver> {
  const host = options.host ?? '127.0.0.1';
  const receiver = new WebhookReceiver(options);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use('/__sandbox/webhook', receiver.controlRouter());
  app.use(RECEIVER_PATH, receiver.router());

  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('the receiver is not listening on a TCP port');
  }
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  return {
    url,
    endpointUrl: `${url}${RECEIVER_PATH}`,
    receiver,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
