import { randomUUID } from 'node:crypto';

import { Router, type Response } from 'express';

import { HUBSPOT_APP, HUBSPOT_PORTAL, HUBSPOT_USER } from '../constants';
import { isRecord, sendJson } from '../http';
import type { HubSpotState } from '../state';
import type { Grant } from '../tokens';
import { badRefreshToken, sendArmedFailure } from './shared';

type OAuthParams = Record<string, string>;

function readParams(body: unknown): OAuthParams {
  const params: OAuthParams = {};
  if (!isRecord(body)) return params;
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') params[key] = value;
  }

  return params;
}

/** A token-endpoint failure: `{"status":"BAD_…","message","correlationId"}` with HTTP 400. */
function sendOAuthError(res: Response, status: string, message: string): void {
  sendJson(res, 400, { status, message, correlationId: randomUUID() });
}

function clientError(params: OAuthParams): [string, string] | undefined {
  if (params.client_id !== HUBSPOT_APP.clientId) {
    return ['BAD_CLIENT_ID', 'missing or unknown client id'];
  }
  if (params.client_secret !== HUBSPOT_APP.clientSecret) {
    return ['BAD_CLIENT_SECRET', 'missing or invalid client secret'];
  }

  return undefined;
}

/**
 * OAuth v1: `POST /oauth/v1/token` (authorization_code and refresh_token grants), token
 * introspection and revocation, and an auto-approving stand-in for the consent screen.
 */
export function oauthRoutes(state: HubSpotState): Router {
  const router = Router();

  const tokenResponse = (grant: Grant, refreshToken: string) => {
    const access = state.tokens.issueAccessToken(grant);

    return {
      token_type: 'bearer',
      refresh_token: refreshToken,
      access_token: access.token,
      expires_in: Math.round((access.expiresAt - access.issuedAt) / 1000),
    };
  };

  // https://developers.hubspot.com/docs/api/oauth/tokens
  router.post('/oauth/v1/token', (req, res) => {
    res.locals.route = 'oauth.token';
    const failure = state.scenarios.take('oauth.token');
    if (failure) return sendArmedFailure(res, failure, state);

    const params = readParams(req.body);
    switch (params.grant_type) {
      case 'authorization_code': {
        const client = clientError(params);
        if (client) return sendOAuthError(res, ...client);
        const code = state.tokens.consumeCode(params.code ?? '');
        if (!code || code.clientId !== params.client_id) {
          return sendOAuthError(res, 'BAD_AUTH_CODE', 'missing or unknown auth code');
        }
        if (code.redirectUri !== params.redirect_uri) {
          return sendOAuthError(
            res,
            'BAD_REDIRECT_URI',
            'redirect_uri does not match initial auth code URL',
          );
        }
        const grant = state.tokens.createGrant(code.clientId, code.scopes);

        return sendJson(res, 200, tokenResponse(grant, grant.refreshToken));
      }
      case 'refresh_token': {
        const client = clientError(params);
        if (client) return sendOAuthError(res, ...client);
        const grant = state.tokens.grantForRefreshToken(params.refresh_token ?? '');
        if (!grant || grant.clientId !== params.client_id) {
          return sendJson(res, 400, badRefreshToken());
        }
        const refreshToken = state.settings.refreshTokenRotation
          ? state.tokens.rotateRefreshToken(grant)
          : grant.refreshToken;

        return sendJson(res, 200, tokenResponse(grant, refreshToken));
      }
      default:
        return sendOAuthError(res, 'BAD_GRANT_TYPE', 'unknown grant type');
    }
  });

  // Stands in for https://app.hubspot.com/oauth/authorize: approves as the sandbox user.
  router.get('/oauth/authorize', (req, res) => {
    const params = readParams(req.query);
    const redirectUri = params.redirect_uri ?? '';
    if (params.client_id !== HUBSPOT_APP.clientId) {
      return sendOAuthError(res, 'BAD_CLIENT_ID', 'missing or unknown client id');
    }
    if (!HUBSPOT_APP.redirectUriPattern.test(redirectUri)) {
      return sendOAuthError(res, 'BAD_REDIRECT_URI', 'redirect_uri is not allowed for this app');
    }
    const requested = (params.scope ?? '').split(/[\s+]+/).filter((scope) => scope !== '');
    const unknown = requested.filter(
      (scope) => !(HUBSPOT_APP.scopes as readonly string[]).includes(scope),
    );
    const target = new URL(redirectUri);
    if (unknown.length > 0) {
      target.searchParams.set('error', 'invalid_scope');
      target.searchParams.set('error_description', `unknown scopes: ${unknown.join(' ')}`);
    } else {
      const code = state.tokens.createCode({
        clientId: params.client_id,
        redirectUri,
        scopes: requested.length > 0 ? requested : [...HUBSPOT_APP.scopes],
      });
      target.searchParams.set('code', code.code);
    }
    if (params.state !== undefined) target.searchParams.set('state', params.state);
    res.redirect(302, target.toString());
  });

  // https://developers.hubspot.com/docs/api/oauth/tokens (access token information)
  router.get('/oauth/v1/access-tokens/:token', (req, res) => {
    const token = state.tokens.stateOf(req.params.token);
    // A private app's token is not an OAuth access token: HubSpot does not know it here.
    if (token.state !== 'valid' || state.tokens.isPrivateAppToken(req.params.token)) {
      return sendJson(res, 404, {
        status: 'error',
        message: 'Token not found',
        correlationId: randomUUID(),
        category: 'OBJECT_NOT_FOUND',
      });
    }
    sendJson(res, 200, {
      token: token.token.token,
      user: HUBSPOT_USER.email,
      hub_domain: HUBSPOT_PORTAL.domain,
      scopes: token.grant.scopes,
      hub_id: HUBSPOT_PORTAL.id,
      app_id: HUBSPOT_APP.id,
      expires_in: Math.max(0, Math.floor((token.token.expiresAt - state.clock.now()) / 1000)),
      user_id: HUBSPOT_USER.id,
      token_type: 'access',
    });
  });

  router.delete('/oauth/v1/refresh-tokens/:token', (req, res) => {
    if (!state.tokens.revokeRefreshToken(req.params.token)) {
      return sendJson(res, 404, {
        status: 'error',
        message: 'Token not found',
        correlationId: randomUUID(),
        category: 'OBJECT_NOT_FOUND',
      });
    }
    res.status(204).end();
  });

  return router;
}
