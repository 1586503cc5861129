import { createHash, createHmac } from 'node:crypto';

import { Router, type Request, type Response } from 'express';

import { SALESFORCE_CONNECTED_APP, SALESFORCE_ORG, SALESFORCE_USER } from '../constants';
import { baseUrl, bearerToken, isRecord, sendCallFailure, sendJson } from '../http';
import type { SalesforceState } from '../state';

type OAuthParams = Record<string, string>;

interface OAuthFailure {
  error: string;
  error_description: string;
}

const EXPIRED_GRANT: OAuthFailure = {
  error: 'invalid_grant',
  error_description: 'expired access/refresh token',
};

function readParams(body: unknown): OAuthParams {
  const params: OAuthParams = {};
  if (!isRecord(body)) return params;
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') params[key] = value;
  }

  return params;
}

function sendOAuthError(res: Response, failure: OAuthFailure, status = 400): void {
  sendJson(res, status, failure);
}

/** Checks client_id, and client_secret when given or required; undefined when they are fine. */
function checkClient(params: OAuthParams, secretRequired: boolean): OAuthFailure | undefined {
  if (params.client_id !== SALESFORCE_CONNECTED_APP.clientId) {
    return { error: 'invalid_client_id', error_description: 'client identifier invalid' };
  }
  const secret = params.client_secret;
  if (
    (secretRequired || secret !== undefined) &&
    secret !== SALESFORCE_CONNECTED_APP.clientSecret
  ) {
    return { error: 'invalid_client', error_description: 'invalid client credentials' };
  }

  return undefined;
}

/** `POST /services/oauth2/token`, `GET /services/oauth2/authorize`, `POST /services/oauth2/revoke`, identity. */
export function oauthRoutes(state: SalesforceState): Router {
  const router = Router();

  const tokenResponse = (req: Request, grantId: number | undefined, refreshToken?: string) => {
    const base = baseUrl(req);
    const access = state.tokens.issueAccessToken(grantId);
    const id = `${base}/id/${SALESFORCE_ORG.id}/${SALESFORCE_USER.id}`;
    const issuedAt = String(access.issuedAt);
    const body: Record<string, string> = {
      access_token: access.token,
      signature: createHmac('sha256', SALESFORCE_CONNECTED_APP.clientSecret)
        .update(id + issuedAt)
        .digest('base64'),
      scope: SALESFORCE_CONNECTED_APP.scope,
      instance_url: base,
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
    };
    if (refreshToken !== undefined) body.refresh_token = refreshToken;

    return body;
  };

  // https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_endpoints.htm
  router.post('/services/oauth2/token', (req, res) => {
    const failure = state.scenarios.takeCallFailure('oauth.token');
    if (failure) {
      sendCallFailure(res, failure);

      return;
    }
    const params = readParams(req.body);

    switch (params.grant_type) {
      case 'authorization_code': {
        const clientError = checkClient(params, params.code_verifier === undefined);
        if (clientError) return sendOAuthError(res, clientError);
        const code = state.tokens.consumeCode(params.code ?? '');
        if (!code || code.clientId !== params.client_id) {
          return sendOAuthError(res, {
            error: 'invalid_grant',
            error_description: 'invalid authorization code',
          });
        }
        if (code.redirectUri !== params.redirect_uri) {
          return sendOAuthError(res, {
            error: 'redirect_uri_mismatch',
            error_description: 'redirect_uri must match configuration',
          });
        }
        if (code.codeChallenge !== undefined && !verifierMatches(code, params)) {
          return sendOAuthError(res, {
            error: 'invalid_grant',
            error_description: 'invalid code verifier',
          });
        }
        const grant = state.tokens.createGrant(code.clientId);

        return sendJson(res, 200, tokenResponse(req, grant.id, grant.refreshToken));
      }
      case 'refresh_token': {
        const clientError = checkClient(params, false);
        if (clientError) return sendOAuthError(res, clientError);
        const grant = state.tokens.grantForRefreshToken(params.refresh_token ?? '');
        if (!grant) return sendOAuthError(res, EXPIRED_GRANT);
        const rotated = state.settings.refreshTokenRotation
          ? state.tokens.rotateRefreshToken(grant)
          : undefined;

        return sendJson(res, 200, tokenResponse(req, grant.id, rotated));
      }
      case 'password': {
        const clientError = checkClient(params, true);
        if (clientError) return sendOAuthError(res, clientError);
        const expected = state.userPassword + SALESFORCE_USER.securityToken;
        if (params.username !== SALESFORCE_USER.username || params.password !== expected) {
          return sendOAuthError(res, {
            error: 'invalid_grant',
            error_description: 'authentication failure',
          });
        }

        return sendJson(res, 200, tokenResponse(req, undefined));
      }
      case 'client_credentials': {
        const clientError = checkClient(params, true);
        if (clientError) return sendOAuthError(res, clientError);

        return sendJson(res, 200, tokenResponse(req, undefined));
      }
      default:
        return sendOAuthError(res, {
          error: 'unsupported_grant_type',
          error_description: 'grant type not supported',
        });
    }
  });

  // Auto-approves as the sandbox user: there is no login page.
  router.get('/services/oauth2/authorize', (req, res) => {
    const params = readParams(req.query);
    const redirectUri = params.redirect_uri ?? '';
    if (params.client_id !== SALESFORCE_CONNECTED_APP.clientId) {
      return sendOAuthError(res, {
        error: 'invalid_client_id',
        error_description: 'client identifier invalid',
      });
    }
    if (!SALESFORCE_CONNECTED_APP.redirectUriPattern.test(redirectUri)) {
      return sendOAuthError(res, {
        error: 'redirect_uri_mismatch',
        error_description: 'redirect_uri must match configuration',
      });
    }

    const target = new URL(redirectUri);
    if (params.response_type !== 'code') {
      target.searchParams.set('error', 'unsupported_response_type');
      target.searchParams.set('error_description', 'response type not supported');
    } else {
      const code = state.tokens.createCode({
        clientId: params.client_id,
        redirectUri,
        codeChallenge: params.code_challenge,
        codeChallengeMethod: params.code_challenge_method,
      });
      target.searchParams.set('code', code.code);
    }
    if (params.state !== undefined) target.searchParams.set('state', params.state);
    res.redirect(302, target.toString());
  });

  router.post('/services/oauth2/revoke', (req, res) => {
    const token = readParams(req.body).token ?? readParams(req.query).token ?? '';
    if (!state.tokens.revoke(token)) {
      return sendOAuthError(res, {
        error: 'unsupported_token_type',
        error_description: 'this token type is not supported',
      });
    }
    res.status(200).end();
  });

  // The identity URL answers 403 with a plain-text body for a bad token (no session refresh).
  router.get('/id/:orgId/:userId', (req, res) => {
    const token = readParams(req.query).oauth_token ?? bearerToken(req);
    if (
      token === undefined ||
      !state.tokens.isAccessTokenValid(token) ||
      req.params.orgId !== SALESFORCE_ORG.id ||
      req.params.userId !== SALESFORCE_USER.id
    ) {
      res.status(403).type('text/plain').send('Bad_OAuth_Token');

      return;
    }
    const base = baseUrl(req);
    sendJson(res, 200, {
      id: `${base}/id/${SALESFORCE_ORG.id}/${SALESFORCE_USER.id}`,
      asserted_user: true,
      user_id: SALESFORCE_USER.id,
      organization_id: SALESFORCE_ORG.id,
      username: SALESFORCE_USER.username,
      nick_name: 'sandbox.user',
      display_name: SALESFORCE_USER.displayName,
      email: SALESFORCE_USER.email,
      email_verified: true,
      active: true,
      user_type: 'STANDARD',
      language: 'en_US',
      locale: 'en_US',
      utcOffset: 0,
      urls: {
        rest: `${base}/services/data/v{version}/`,
        sobjects: `${base}/services/data/v{version}/sobjects/`,
        query: `${base}/services/data/v{version}/query/`,
        limits: `${base}/services/data/v{version}/limits/`,
      },
      is_app_installed: true,
      last_modified_date: '2024-01-01T00:00:00.000+0000',
    });
  });

  return router;
}

/** PKCE (RFC 7636): S256 compares the verifier's digest; `plain` (or no method) the verifier. */
function verifierMatches(
  code: { codeChallenge?: string; codeChallengeMethod?: string },
  params: OAuthParams,
): boolean {
  const verifier = params.code_verifier;
  if (verifier === undefined || !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false;
  if (code.codeChallengeMethod === 'S256') {
    return createHash('sha256').update(verifier).digest('base64url') === code.codeChallenge;
  }

  return verifier === code.codeChallenge;
}
