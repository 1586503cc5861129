import { Router, type Request, type Response } from 'express';

import { DEFAULT_BOT_SCOPES, SLACK_APP } from '../constants';
import type { SlackState } from '../state';

/**
 * Slack serves the install page at https://slack.com/oauth/v2/authorize. The sandbox keeps it
 * under `/api/` with the rest of Slack: `/oauth/...` paths belong to the HubSpot emulator.
 */
export const SLACK_AUTHORIZE_PATH = '/api/oauth/v2/authorize';
const PATH = SLACK_AUTHORIZE_PATH;
const SCOPE = /^[a-z]+(?:[.:][a-z_]+)*$/;

function queryString(req: Request, name: string): string | undefined {
  const value = req.query[name];

  return typeof value === 'string' ? value : undefined;
}

function errorPage(res: Response, message: string): void {
  res
    .status(400)
    .type('text/html; charset=utf-8')
    .send(`<html><body><h1>Something went wrong</h1><p>${message}</p></body></html>`);
}

/** Where the install page sends the admin back: a `code`, or an `error` for bad scopes. */
function approval(state: SlackState, req: Request, redirectUri: string): URL {
  const target = new URL(redirectUri);
  const requested = (queryString(req, 'scope') ?? '')
    .split(/[\s,]+/)
    .filter((scope) => scope !== '');
  if (requested.some((scope) => !SCOPE.test(scope))) {
    target.searchParams.set('error', 'invalid_scope');
  } else {
    const scopes = requested.length > 0 ? requested : DEFAULT_BOT_SCOPES;
    target.searchParams.set('code', state.tokens.createCode(scopes, redirectUri).code);
  }
  const stateParam = queryString(req, 'state');
  if (stateParam !== undefined) target.searchParams.set('state', stateParam);

  return target;
}

/**
 * `GET /api/oauth/v2/authorize`: the install page, auto-approved by the sandbox admin (there is no
 * consent screen). Redirects to `redirect_uri` with a `code` for `oauth.v2.access`.
 */
export function authorizeRoutes(state: SlackState): Router {
  const router = Router();

  // https://docs.slack.dev/authentication/installing-with-oauth
  router.get(PATH, (req, res) => {
    const started = Date.now();
    const at = state.clock.now();
    const finish = (ok: boolean, error?: string) =>
      state.journal.record({
        method: PATH,
        httpMethod: 'GET',
        path: PATH,
        args: { ...req.query },
        status: res.statusCode,
        ok,
        ...(error === undefined ? {} : { error }),
        at,
        time: new Date(at).toISOString(),
        durationMs: Date.now() - started,
      });

    const redirectUri = queryString(req, 'redirect_uri') ?? '';
    if (queryString(req, 'client_id') !== SLACK_APP.clientId) {
      errorPage(res, 'Invalid client_id parameter');
      finish(false, 'invalid_client_id');

      return;
    }
    if (!SLACK_APP.redirectUriPattern.test(redirectUri)) {
      errorPage(res, 'redirect_uri did not match any configured URIs.');
      finish(false, 'bad_redirect_uri');

      return;
    }
    const target = approval(state, req, redirectUri);
    res.redirect(302, target.toString());
    const error = target.searchParams.get('error');
    finish(error === null, error ?? undefined);
  });

  return router;
}
