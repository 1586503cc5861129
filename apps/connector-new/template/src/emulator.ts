import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { FieldValue } from '@mobly/connector-sdk';

import { MAX_BATCH_SIZE, SAMPLE_VENDOR_API_VERSION } from './constants';
import { CONTACT_FIELDS, fieldsProblem, isEmail } from './emulator-schema';
import type { WireError, WireResult } from './wire';

export const EMULATOR_CLIENT_ID = 'sample-vendor-client';
export const EMULATOR_CLIENT_SECRET = 'sample-vendor-secret';

const TOKEN_LIFETIME_SECONDS = 3600;
const API = `/${SAMPLE_VENDOR_API_VERSION}`;

/** Routes a scenario switch can target; `any` matches every call. */
export type EmulatorRoute = 'token' | 'me' | 'schema' | 'contacts' | 'any';

/**
 * What the next calls answer: `rate_limited` 429 with Retry-After; `unavailable` 503;
 * `server_error` 500; `forbidden` 403; `token_expired` 401 after expiring every token.
 */
export type EmulatorFailure =
  'rate_limited' | 'unavailable' | 'server_error' | 'forbidden' | 'token_expired';

interface ScenarioSwitch {
  route: EmulatorRoute;
  kind: EmulatorFailure;
  remaining: number;
  retryAfterSeconds?: number;
}

/** One request the emulator answered. */
export interface EmulatorJournalEntry {
  method: string;
  path: string;
  status: number;
  /** ISO-8601 time the request arrived. */
  time: string;
  /** Records a `POST /v1/contacts/batch` carried. */
  records: number;
}

export interface EmulatedContact {
  id: string;
  fields: Record<string, FieldValue>;
  createdAt: string;
  updatedAt: string;
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorAnswer(status: number, error: WireError, headers?: Record<string, string>): Answer {
  return { status, body: { error }, ...(headers ? { headers } : {}) };
}

function isFields(value: unknown): value is Record<string, FieldValue> {
  return (
    isObject(value) &&
    Object.values(value).every(
      (entry) => entry === null || ['string', 'number', 'boolean'].includes(typeof entry),
    )
  );
}

/**
 * The Sample Vendor API, as README.md describes it: client-credentials tokens that expire,
 * the contact schema, and a batch upsert by id, then by email, so a replayed batch updates the
 * same contacts. State lives in memory per instance; `reset()` returns to a fresh vendor.
 */
export class SampleVendorEmulator {
  readonly account = 'Sample Vendor sandbox';
  private clientSecret = EMULATOR_CLIENT_SECRET;
  private tokens = new Map<string, number>();
  private contacts = new Map<string, EmulatedContact>();
  private sequence = 0;
  private switches: ScenarioSwitch[] = [];
  private entries: EmulatorJournalEntry[] = [];

  /** The next `count` calls to `route` answer `kind`. */
  failNext(
    route: EmulatorRoute,
    count: number,
    kind: EmulatorFailure,
    options: { retryAfterSeconds?: number } = {},
  ): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be >= 1: ${count}`);
    this.switches.push({ route, kind, remaining: count, ...options });
  }

  /** Every access token issued so far is refused from now on as `token_expired`. */
  expireTokens(): void {
    for (const token of this.tokens.keys()) this.tokens.set(token, 0);
  }

  /** The admin rotated the client secret: the old one and every token it obtained are refused. */
  revokeClient(): void {
    this.clientSecret = `${EMULATOR_CLIENT_SECRET}-rotated`;
    this.tokens.clear();
  }

  contactList(): EmulatedContact[] {
    return [...this.contacts.values()].map((contact) => ({
      ...contact,
      fields: { ...contact.fields },
    }));
  }

  /** Stored contacts with this email (case-insensitive). */
  countByEmail(email: string): number {
    const wanted = email.toLowerCase();

    return this.contactList().filter((contact) => emailOf(contact.fields) === wanted).length;
  }

  journal(): EmulatorJournalEntry[] {
    return [...this.entries];
  }

  /** Back to a fresh vendor: no contacts, tokens, journal or switches; the original secret. */
  reset(): void {
    this.clientSecret = EMULATOR_CLIENT_SECRET;
    this.tokens.clear();
    this.contacts.clear();
    this.sequence = 0;
    this.switches = [];
    this.entries = [];
  }

  /** Answers one HTTP request and records it in the journal. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const time = new Date().toISOString();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.from(chunk));
    const raw = Buffer.concat(chunks).toString('utf8');
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://emulator.invalid').pathname;

    const { answer, records } = this.answer(method, path, raw, req.headers.authorization);
    this.entries.push({ method, path, status: answer.status, time, records });
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(JSON.stringify(answer.body));
  }

  private answer(
    method: string,
    path: string,
    raw: string,
    authorization: string | undefined,
  ): { answer: Answer; records: number } {
    const body = parseJson(raw);
    const records = isObject(body) && Array.isArray(body.records) ? body.records.length : 0;
    const route = routeOf(method, path);
    if (!route) {
      return { answer: errorAnswer(404, { code: 'not_found', message: 'no such route' }), records };
    }
    const failure = this.takeSwitch(route);
    if (failure) return { answer: failure, records };
    if (route === 'token') return { answer: this.issueToken(raw), records };

    const refusal = this.authenticate(authorization);
    if (refusal) return { answer: refusal, records };
    if (route === 'me')
      return { answer: { status: 200, body: { account: this.account } }, records };
    if (route === 'schema') return { answer: this.schema(path), records };

    return { answer: this.upsertBatch(body), records };
  }

  private takeSwitch(route: EmulatorRoute): Answer | undefined {
    const armed = this.switches.find((entry) => entry.route === route || entry.route === 'any');
    if (!armed) return undefined;
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.switches = this.switches.filter((entry) => entry !== armed);

    const retryAfter = armed.retryAfterSeconds ?? (armed.kind === 'rate_limited' ? 1 : undefined);
    const headers = retryAfter === undefined ? undefined : { 'retry-after': String(retryAfter) };
    switch (armed.kind) {
      case 'rate_limited':
        return errorAnswer(429, { code: 'rate_limited', message: 'Too many requests' }, headers);
      case 'unavailable':
        return errorAnswer(503, { code: 'unavailable', message: 'Down for maintenance' }, headers);
      case 'server_error':
        return errorAnswer(500, { code: 'internal_error', message: 'Something broke' });
      case 'forbidden':
        return errorAnswer(403, { code: 'forbidden', message: 'The client may not do this' });
      case 'token_expired':
        this.expireTokens();

        return errorAnswer(401, { code: 'token_expired', message: 'The access token expired' });
    }
  }

  // README.md#post-oauthtoken
  private issueToken(raw: string): Answer {
    const form = new URLSearchParams(raw);
    if (form.get('grant_type') !== 'client_credentials') {
      return errorAnswer(400, { code: 'malformed_body', message: 'unsupported grant_type' });
    }
    if (
      form.get('client_id') !== EMULATOR_CLIENT_ID ||
      form.get('client_secret') !== this.clientSecret
    ) {
      return errorAnswer(401, { code: 'invalid_client', message: 'Client authentication failed' });
    }
    const token = `svt_${randomBytes(12).toString('hex')}`;
    this.tokens.set(token, Date.now() + TOKEN_LIFETIME_SECONDS * 1000);

    return {
      status: 200,
      body: { access_token: token, token_type: 'Bearer', expires_in: TOKEN_LIFETIME_SECONDS },
    };
  }

  private authenticate(authorization: string | undefined): Answer | undefined {
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
    const expiresAt = token === undefined ? undefined : this.tokens.get(token);
    if (expiresAt === undefined) {
      return errorAnswer(401, { code: 'invalid_token', message: 'Unknown access token' });
    }
    if (expiresAt <= Date.now()) {
      return errorAnswer(401, { code: 'token_expired', message: 'The access token expired' });
    }

    return undefined;
  }

  private schema(path: string): Answer {
    const object = path.slice(`${API}/schema/`.length);
    if (object !== 'contact') {
      return errorAnswer(404, { code: 'unknown_object', message: `no object ${object}` });
    }

    return { status: 200, body: { object, fields: CONTACT_FIELDS } };
  }

  private upsertBatch(body: unknown): Answer {
    if (!isObject(body) || !Array.isArray(body.records)) {
      return errorAnswer(400, { code: 'malformed_body', message: 'expected {"records": [...]}' });
    }
    if (body.records.length > MAX_BATCH_SIZE) {
      const message = `at most ${MAX_BATCH_SIZE} records per request`;

      return errorAnswer(413, { code: 'batch_too_large', message });
    }

    return { status: 200, body: { results: body.records.map((input) => this.upsertOne(input)) } };
  }

  /** Matches by id, then by email; creates only when neither finds a contact. */
  private upsertOne(input: unknown): WireResult {
    const ref = isObject(input) && typeof input.ref === 'string' ? input.ref : '';
    const reject = (status: number, error: WireError): WireResult => ({ ref, status, error });
    if (!isObject(input) || ref === '' || !isFields(input.fields)) {
      return reject(400, { code: 'malformed_body', message: 'a record needs a ref and fields' });
    }
    const fields = input.fields;
    const problem = fieldsProblem(fields);
    if (problem) return reject(400, problem);

    if (typeof input.id === 'string') {
      const existing = this.contacts.get(input.id);
      if (!existing) return reject(404, { code: 'not_found', message: `no contact ${input.id}` });

      return this.update(ref, existing, fields, input.writeIfBlank);
    }
    const email = typeof input.email === 'string' ? input.email : fields.email;
    if (typeof email !== 'string' || email === '') {
      return reject(400, { code: 'required', message: 'email is required', field: 'email' });
    }
    if (!isEmail(email)) {
      const message = `not a valid email: "${email}"`;

      return reject(400, { code: 'invalid_email', message, field: 'email' });
    }
    const existing = [...this.contacts.values()].find(
      (contact) => emailOf(contact.fields) === email.toLowerCase(),
    );
    if (existing) return this.update(ref, existing, fields, input.writeIfBlank);

    this.sequence += 1;
    const id = `ct_${String(this.sequence).padStart(6, '0')}`;
    const now = new Date().toISOString();
    this.contacts.set(id, { id, fields: { ...fields, email }, createdAt: now, updatedAt: now });

    return { ref, status: 201, id };
  }

  private update(
    ref: string,
    contact: EmulatedContact,
    fields: Record<string, FieldValue>,
    writeIfBlank: unknown,
  ): WireResult {
    const keep = Array.isArray(writeIfBlank) ? writeIfBlank : [];
    for (const [name, value] of Object.entries(fields)) {
      const current = contact.fields[name];
      const blank = current === undefined || current === null || current === '';
      if (keep.includes(name) && !blank) continue;
      contact.fields[name] = value;
    }
    contact.updatedAt = new Date().toISOString();

    return { ref, status: 200, id: contact.id };
  }
}

function parseJson(raw: string): unknown {
  try {
    return raw === '' ? undefined : JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function emailOf(fields: Record<string, FieldValue>): string {
  return String(fields.email).toLowerCase();
}

function routeOf(method: string, path: string): Exclude<EmulatorRoute, 'any'> | undefined {
  if (method === 'POST' && path === '/oauth/token') return 'token';
  if (method === 'GET' && path === `${API}/me`) return 'me';
  if (method === 'GET' && path.startsWith(`${API}/schema/`)) return 'schema';
  if (method === 'POST' && path === `${API}/contacts/batch`) return 'contacts';

  return undefined;
}

export interface RunningSampleVendorEmulator {
  /** The server, e.g. `http://127.0.0.1:4020`: what a connection's `apiUrl` setting should be. */
  url: string;
  emulator: SampleVendorEmulator;
  close(): Promise<void>;
}

/** Starts an emulator on its own HTTP server (port 0 picks a free one). */
export async function startSampleVendorEmulator(
  options: { port?: number; host?: string } = {},
): Promise<RunningSampleVendorEmulator> {
  const host = options.host ?? '127.0.0.1';
  const emulator = new SampleVendorEmulator();
  const server = createServer((req, res) => {
    emulator.handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'internal_error', message: String(error) } }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('the emulator is not listening on a TCP port');
  }

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    emulator,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
