import express, { Router, type NextFunction, type Request, type Response } from 'express';

import {
  basicCredentials,
  callerToken,
  fail,
  isJsonRequest,
  isRecord,
  readArgs,
  send,
  type Args,
  type SlackReply,
} from '../http';
import type { SlackJournalEntry } from '../journal';
import { failureReply, missingScopeReply } from '../replies';
import { isSlackMethod, type SlackMethod } from '../scenarios';
import type { SlackState } from '../state';
import { authRevoke, authTest } from './auth.methods';
import { chatPostMessage } from './chat.methods';
import { conversationsInfo, conversationsJoin, conversationsList } from './conversations.methods';
import type { MethodCall, MethodSpec } from './method';
import { oauthV2Access } from './oauth.methods';

const METHODS: Readonly<Record<SlackMethod, MethodSpec>> = {
  'chat.postMessage': chatPostMessage,
  'auth.test': authTest,
  'auth.revoke': authRevoke,
  'conversations.list': conversationsList,
  'conversations.info': conversationsInfo,
  'conversations.join': conversationsJoin,
  'oauth.v2.access': oauthV2Access,
};

interface Dispatched {
  reply: SlackReply;
  tokenSource?: 'header' | 'body';
}

/** Runs one Web API call: scenario switch, token, scopes, then the method itself. */
function dispatch(state: SlackState, req: Request, name: string, args: Args): Dispatched {
  if (!isSlackMethod(name)) return { reply: fail('unknown_method', { req_method: name }) };
  const spec = METHODS[name];
  const presented = spec.authenticated ? callerToken(req, args) : undefined;
  const check = presented ? state.tokens.check(presented.token) : undefined;
  const granted = check?.ok ? check.installation.scopes : [];
  const tokenSource = presented?.source;

  const armed = state.scenarios.take(name);
  if (armed) {
    const reply = failureReply(armed.kind, {
      needed: spec.scopes[0] ?? '',
      provided: granted,
      ...(armed.retryAfterSeconds === undefined
        ? {}
        : { retryAfterSeconds: armed.retryAfterSeconds }),
    });

    return { reply, tokenSource };
  }

  const call: MethodCall = { state, args };
  if (spec.authenticated) {
    if (!presented || !check) return { reply: fail('not_authed'), tokenSource };
    if (!check.ok) return { reply: fail(check.error), tokenSource };
    const headers = {
      'x-oauth-scopes': granted.join(','),
      'x-accepted-oauth-scopes': spec.scopes.join(','),
    };
    if (spec.scopes.length > 0 && !spec.scopes.some((scope) => granted.includes(scope))) {
      return { reply: { ...missingScopeReply(spec.scopes[0], granted), headers }, tokenSource };
    }
    call.caller = { token: presented.token, installation: check.installation };
    const reply = spec.handle(call);

    return { reply: { ...reply, headers: { ...headers, ...reply.headers } }, tokenSource };
  }
  const basic = basicCredentials(req);
  if (basic) call.basic = basic;

  return { reply: spec.handle(call) };
}

/** Slack warns when a JSON body's content type has no charset. */
function withCharsetWarning(req: Request, reply: SlackReply): SlackReply {
  const body = reply.body;
  if (!body || body.ok !== true || !isJsonRequest(req)) return reply;
  if (/charset=/i.test(req.get('content-type') ?? '')) return reply;
  const metadata = isRecord(body.response_metadata) ? body.response_metadata : {};
  const warnings = Array.isArray(metadata.warnings) ? metadata.warnings : [];

  return {
    ...reply,
    body: {
      ...body,
      warning:
        typeof body.warning === 'string' ? `${body.warning},missing_charset` : 'missing_charset',
      response_metadata: { ...metadata, warnings: [...warnings, 'missing_charset'] },
    },
  };
}

/** Arguments as the journal keeps them: JSON-string `blocks` and `attachments` decoded. */
function journalArgs(args: Args): Args {
  const decoded: Args = { ...args };
  for (const key of ['blocks', 'attachments']) {
    const value = decoded[key];
    if (typeof value !== 'string') continue;
    try {
      decoded[key] = JSON.parse(value);
    } catch {
      // Kept verbatim: the method itself answers the malformed JSON.
    }
  }

  return decoded;
}

function journalEntry(
  req: Request,
  method: string,
  args: Args,
  dispatched: Dispatched,
  timing: { at: number; started: number },
): SlackJournalEntry {
  const { reply, tokenSource } = dispatched;
  const body = reply.body;
  const entry: SlackJournalEntry = {
    method,
    httpMethod: req.method,
    path: new URL(req.originalUrl, 'http://sandbox.invalid').pathname,
    args: journalArgs(args),
    status: reply.status,
    ok: body?.ok === true,
    at: timing.at,
    time: new Date(timing.at).toISOString(),
    durationMs: Date.now() - timing.started,
  };
  const contentType = req.get('content-type');
  if (contentType !== undefined) entry.contentType = contentType;
  if (tokenSource !== undefined) entry.tokenSource = tokenSource;
  if (typeof body?.error === 'string') entry.error = body.error;
  const retryAfter = reply.headers?.['Retry-After'];
  if (retryAfter !== undefined) entry.retryAfter = Number(retryAfter);

  return entry;
}

/** Slack's answer to a body it cannot read. */
function bodyErrorHandler(state: SlackState) {
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent || !isRecord(error) || typeof error.type !== 'string') {
      next(error);

      return;
    }
    const reply =
      error.type === 'entity.too.large' ? fail('request_too_large') : fail('invalid_json');
    const at = state.clock.now();
    send(res, reply);
    state.journal.record(
      journalEntry(req, req.path.replace(/^\//, ''), {}, { reply }, { at, started: Date.now() }),
    );
  };
}

/** `GET|POST /api/<method>`: the Web API, form-urlencoded or JSON. */
export function apiRoutes(state: SlackState): Router {
  const router = Router();
  router.use(
    '/api',
    express.json({ limit: '5mb', type: ['application/json', 'application/*+json'] }),
    express.urlencoded({ extended: false, limit: '5mb' }),
  );

  const handler = (req: Request, res: Response): void => {
    const timing = { at: state.clock.now(), started: Date.now() };
    const method = String(req.params.method);
    if (isJsonRequest(req) && req.body !== undefined && !isRecord(req.body)) {
      const reply = fail('json_not_object');
      send(res, reply);
      state.journal.record(journalEntry(req, method, {}, { reply }, timing));

      return;
    }
    const args = readArgs(req);
    const dispatched = dispatch(state, req, method, args);
    const reply = withCharsetWarning(req, dispatched.reply);
    send(res, reply);
    state.journal.record(journalEntry(req, method, args, { ...dispatched, reply }, timing));
  };
  router.get('/api/:method', handler);
  router.post('/api/:method', handler);
  router.use('/api', bodyErrorHandler(state));

  return router;
}
