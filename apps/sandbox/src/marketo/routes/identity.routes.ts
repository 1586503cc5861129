import { Router, type Request, type Response } from 'express';

import { MARKETO_CLIENT, MARKETO_INSTANCE } from '../constants';
import { sendHtml, sendJson } from '../envelope';
import type { MarketoState } from '../state';
import { PATHS } from './paths';

function tokenParams(req: Request): URLSearchParams {
  const url = req.originalUrl;
  const start = url.indexOf('?');
  const params = new URLSearchParams(start < 0 ? '' : url.slice(start + 1));
  if (req.method === 'POST' && typeof req.body === 'string') {
    for (const [name, value] of new URLSearchParams(req.body)) {
      if (!params.has(name)) params.set(name, value);
    }
  }

  return params;
}

const BAD_CLIENT = { error: 'invalid_client', error_description: 'Bad client credentials' };

/**
 * The identity endpoint: client credentials in the query string (or a POST form). It counts
 * against no quota or rate limit. A client id has one token at a time, handed out again with
 * its remaining lifetime until it expires.
 */
export function identityRoutes(state: MarketoState): Router {
  const router = Router();

  // https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/authentication
  const token = (req: Request, res: Response): void => {
    const armed = state.scenarios.take('identity');
    if (armed?.kind === 'invalid_client') return sendJson(res, 401, BAD_CLIENT);
    if (armed?.kind === 'unavailable') return sendHtml(res, 503, 'Service Unavailable');

    const params = tokenParams(req);
    if (params.get('grant_type') !== 'client_credentials') {
      return sendJson(res, 400, {
        error: 'unsupported_grant_type',
        error_description: `Unsupported grant type: ${params.get('grant_type') ?? ''}`,
      });
    }
    if (
      params.get('client_id') !== MARKETO_CLIENT.clientId ||
      params.get('client_secret') !== MARKETO_CLIENT.clientSecret
    ) {
      return sendJson(res, 401, BAD_CLIENT);
    }

    const issued = state.tokens.issue(MARKETO_CLIENT.clientId);
    sendJson(res, 200, {
      access_token: issued.token,
      token_type: 'bearer',
      expires_in: armed?.kind === 'expires_in_zero' ? 0 : state.tokens.expiresIn(issued),
      scope: MARKETO_INSTANCE.apiUser,
    });
  };
  router.get(PATHS.token, token);
  router.post(PATHS.token, token);

  return router;
}
