import { ConnectorError } from '@libs/connector-sdk';

import { MARKETO_API_VERSION, MAX_URI_BYTES, TIMEOUT_MS } from './constants';
import { isTokenRejection, mapMarketoError } from './error-map';
import { encodeQuery, readEnvelope, send, type HttpRequest } from './http';
import type { MarketoConfig, MarketoSession } from './session';

export type QueryParams = ReadonlyArray<[string, string | readonly string[]]>;

export interface ApiCall {
  method: 'GET' | 'POST';
  /** Path under the versioned REST base, e.g. `/leads.json`. */
  path: string;
  /** The Asset API (`/rest/asset/v1`) instead of the Lead Database API (`/rest/v1`). */
  asset?: boolean;
  query?: QueryParams;
  /** JSON body of a POST. */
  body?: unknown;
  timeoutMs?: number;
}

/**
 * Authenticated REST calls. Marketo answers HTTP 200 with `success: false` for almost every
 * failure; those come out as a `ConnectorError`. A call refused with 601/602 is replayed once
 * with a token from the identity endpoint.
 */
export class MarketoApi {
  constructor(
    private readonly config: MarketoConfig,
    private readonly session: MarketoSession,
  ) {}

  /** Returns the envelope's `result[]`. */
  async call(call: ApiCall): Promise<unknown[]> {
    for (let attempt = 1; ; attempt += 1) {
      const token = await this.session.accessToken();
      const envelope = readEnvelope(await send(this.request(call, token)));
      if (envelope.success) return envelope.result;

      const failure = envelope.errors[0] ?? {
        code: 'INVALID_RESPONSE',
        message: 'Marketo answered success: false without errors',
      };
      if (attempt === 1 && isTokenRejection(failure.code)) {
        this.session.discard(token);
        continue;
      }
      throw new ConnectorError(mapMarketoError(failure));
    }
  }

  /** A GET whose URL would pass 8 KB goes as `POST ?_method=GET` with the query as a form. */
  private request(call: ApiCall, token: string): HttpRequest {
    const api = call.asset ? `asset/${MARKETO_API_VERSION}` : MARKETO_API_VERSION;
    const url = `${this.config.restBaseUrl}/${api}${call.path}`;
    const query = encodeQuery(call.query ?? []);
    const headers = { accept: 'application/json', authorization: `Bearer ${token}` };
    const timeoutMs = call.timeoutMs ?? TIMEOUT_MS.default;

    if (call.method === 'POST') {
      return {
        method: 'POST',
        url: query === '' ? url : `${url}?${query}`,
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(call.body ?? {}),
        timeoutMs,
      };
    }
    const getUrl = query === '' ? url : `${url}?${query}`;
    if (Buffer.byteLength(getUrl, 'utf8') <= MAX_URI_BYTES) {
      return { method: 'GET', url: getUrl, headers, timeoutMs };
    }

    return {
      method: 'POST',
      url: `${url}?_method=GET`,
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: query,
      timeoutMs,
    };
  }
}
