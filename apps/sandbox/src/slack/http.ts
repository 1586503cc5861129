import type { Request, Response } from 'express';

/** Slack's own header value on every Web API answer, errors included. */
export const SLACK_JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Arguments of a Web API call: query and body fields (strings from forms, anything from JSON). */
export type Args = Record<string, unknown>;

/** What a method answers: a JSON body, or (for some gateway failures) an HTML page. */
export interface SlackReply {
  status: number;
  body?: Record<string, unknown>;
  html?: string;
  headers?: Record<string, string>;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function ok(fields: Record<string, unknown> = {}): SlackReply {
  return { status: 200, body: { ok: true, ...fields } };
}

export function fail(error: string, fields: Record<string, unknown> = {}): SlackReply {
  return { status: 200, body: { ok: false, error, ...fields } };
}

/** Sends JSON with Slack's exact content type (Express would rewrite it). */
export function sendJson(res: Response, status: number, value: unknown): void {
  res.status(status);
  res.setHeader('Content-Type', SLACK_JSON_CONTENT_TYPE);
  res.send(Buffer.from(JSON.stringify(value), 'utf8'));
}

export function send(res: Response, reply: SlackReply): void {
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (reply.html !== undefined) {
    res.status(reply.status);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.send(Buffer.from(reply.html, 'utf8'));

    return;
  }
  sendJson(res, reply.status, reply.body ?? {});
}

/** Query and body fields of a request; repeated form fields keep their last value. */
export function readArgs(req: Request): Args {
  const args: Args = {};
  for (const source of [req.query, req.body]) {
    if (!isRecord(source)) continue;
    for (const [key, value] of Object.entries(source)) {
      args[key] = Array.isArray(value) && typeof value[0] === 'string' ? value.at(-1) : value;
    }
  }

  return args;
}

export function isJsonRequest(req: Request): boolean {
  return /^application\/(?:[\w.+-]+\+)?json\b/i.test(req.get('content-type') ?? '');
}

/**
 * The token of a call: `Authorization: Bearer …`, else a `token` form or query field. Slack does
 * not read a token from a JSON body.
 */
export function callerToken(
  req: Request,
  args: Args,
): { token: string; source: 'header' | 'body' } | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  if (match) return { token: match[1], source: 'header' };
  if (isJsonRequest(req)) return undefined;
  const token = args.token;

  return typeof token === 'string' && token !== '' ? { token, source: 'body' } : undefined;
}

/** Client id and secret from HTTP Basic authentication, as `oauth.v2.access` accepts them. */
export function basicCredentials(req: Request): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;

  return {
    id: decodeURIComponent(decoded.slice(0, colon)),
    secret: decodeURIComponent(decoded.slice(colon + 1)),
  };
}

export function stringArg(args: Args, name: string): string | undefined {
  const value = args[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);

  return undefined;
}

export function booleanArg(args: Args, name: string): boolean {
  const value = args[name];

  return value === true || value === 'true' || value === '1' || value === 1;
}

/** The sandbox's own base URL as the client reached it. */
export function baseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}
