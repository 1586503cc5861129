import { ConnectorError, type ConnectorContext } from '@mobly/connector-sdk';

import { REQUEST_TIMEOUT_MS } from './constants';
import { mapSampleVendorError, normaliseThrown, type SampleVendorFailure } from './error-map';
import { readToken, readWireError } from './wire';

export interface VendorAnswer {
  status: number;
  body: unknown;
  retryAfter: string | null;
  text: string;
}

type Method = 'GET' | 'POST';

/** The API answers these when an access token is unknown or past its lifetime. */
const TOKEN_REJECTED = new Set(['invalid_token', 'token_expired']);

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function failureOf(answer: VendorAnswer): SampleVendorFailure {
  const body = answer.body;
  const error = readWireError(
    typeof body === 'object' && body !== null && 'error' in body ? body.error : undefined,
  );

  return {
    code: error?.code ?? `HTTP_${answer.status}`,
    message: error?.message ?? (answer.text.slice(0, 500) || `HTTP ${answer.status}`),
    status: answer.status,
    retryAfter: answer.retryAfter,
    ...(error?.field === undefined ? {} : { field: error.field }),
  };
}

function isOk(answer: VendorAnswer): boolean {
  return answer.status >= 200 && answer.status < 300;
}

/**
 * Authenticated calls to one connection's API. The access token comes from the context or from
 * the token endpoint, is kept for this client's lifetime only, and is reported to the host
 * whenever it changes. Every failure leaves as a `ConnectorError` with a normalised category.
 */
export class SampleVendorSession {
  private accessToken: string | undefined;

  constructor(private readonly context: ConnectorContext) {
    this.accessToken = context.credentials.accessToken || undefined;
  }

  /** One API call; a rejected token is refreshed once and the call replayed once. */
  async call(method: Method, path: string, payload?: unknown): Promise<VendorAnswer> {
    let answer = await this.send(method, path, payload, this.accessToken ?? (await this.refresh()));
    if (answer.status === 401 && TOKEN_REJECTED.has(failureOf(answer).code)) {
      answer = await this.send(method, path, payload, await this.refresh());
    }
    if (!isOk(answer)) throw new ConnectorError(mapSampleVendorError(failureOf(answer)));

    return answer;
  }

  /** Obtains a new access token with the client credentials and reports it to the host. */
  async refresh(): Promise<string> {
    const { clientId, clientSecret } = this.context.credentials;
    if (!clientId || !clientSecret) {
      throw new ConnectorError(
        mapSampleVendorError({
          code: 'missing_credentials',
          message: 'The client ID and client secret are required',
        }),
      );
    }
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    });
    // README.md#post-oauthtoken
    const answer = await this.send('POST', '/oauth/token', form);
    if (!isOk(answer)) throw new ConnectorError(mapSampleVendorError(failureOf(answer)));

    const token = readToken(answer.body);
    this.accessToken = token;
    await this.context.onCredentialsChanged({ ...this.context.credentials, accessToken: token });

    return token;
  }

  private async send(
    method: Method,
    path: string,
    payload: unknown,
    token?: string,
  ): Promise<VendorAnswer> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (payload instanceof URLSearchParams) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = payload.toString();
    } else if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(payload);
    }

    const url = this.urlOf(path);
    try {
      const response = await fetch(url, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();

      return {
        status: response.status,
        body: parseJson(text),
        retryAfter: response.headers.get('retry-after'),
        text,
      };
    } catch (error) {
      throw new ConnectorError(normaliseThrown(error), { cause: error });
    }
  }

  /** `apiUrl` + path, keeping any path prefix the admin put on the URL. */
  private urlOf(path: string): URL {
    const apiUrl = this.context.settings.apiUrl ?? '';
    const url = URL.canParse(apiUrl) ? new URL(apiUrl) : undefined;
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw new ConnectorError(
        mapSampleVendorError({
          code: 'invalid_api_url',
          message: `The API URL must be an http(s) URL: "${apiUrl}"`,
        }),
      );
    }
    url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;

    return url;
  }
}
