import { ConnectorError, type Credentials, type Settings } from '@mobly/connector-sdk';

import { REQUEST_TIMEOUT_MS } from './constants';
import { mapWebhookError, normaliseThrown, type WebhookFailure } from './error-map';
import { signedHeaders } from './signing';
import { readWireError } from './wire';

export interface ReceiverAnswer {
  status: number;
  body: unknown;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Signed HTTP calls to one connection's receiver. Every failure leaves as a `ConnectorError`
 * carrying the normalised error, so callers never see a raw HTTP or socket error.
 */
export class ReceiverTransport {
  constructor(
    private readonly credentials: Credentials,
    private readonly settings: Settings,
  ) {}

  async request(method: 'GET' | 'POST', path: string, payload?: unknown): Promise<ReceiverAnswer> {
    const url = this.urlOf(path);
    const secret = this.secret();
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...signedHeaders(secret, body),
    };
    if (payload !== undefined) headers['content-type'] = 'application/json';

    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const response = await fetch(url, {
        method,
        headers,
        body: payload === undefined ? undefined : body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      text = await response.text();
    } catch (error) {
      throw new ConnectorError(normaliseThrown(error), { cause: error });
    }

    const parsed = parseJson(text);
    if (status >= 200 && status < 300) return { status, body: parsed };

    const error = readWireError(
      typeof parsed === 'object' && parsed !== null && 'error' in parsed ? parsed.error : undefined,
    );
    const failure: WebhookFailure = {
      code: error?.code ?? `HTTP_${status}`,
      message: error?.message ?? (text.slice(0, 500) || `HTTP ${status}`),
      status,
      retryAfter,
      ...(error?.field === undefined ? {} : { field: error.field }),
    };
    throw new ConnectorError(mapWebhookError(failure));
  }

  private secret(): string {
    const secret = this.credentials.signingSecret;
    if (!secret) {
      throw new ConnectorError(
        mapWebhookError({ code: 'missing_secret', message: 'No signing secret is configured' }),
      );
    }

    return secret;
  }

  /** `endpointUrl` + path, keeping any query string the admin put on the endpoint. */
  private urlOf(path: string): URL {
    const endpoint = this.settings.endpointUrl ?? '';
    const url = URL.canParse(endpoint) ? new URL(endpoint) : undefined;
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw new ConnectorError(
        mapWebhookError({
          code: 'invalid_endpoint_url',
          message: `The endpoint URL must be an http(s) URL: "${endpoint}"`,
        }),
      );
    }
    url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;

    return url;
  }
}
