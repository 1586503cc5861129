import { ConnectorError } from '@libs/connector-sdk';
import { request } from 'undici';

import { failureFromThrown, mapMarketoError, type MarketoFailure } from './error-map';

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface HttpReply {
  status: number;
  contentType: string;
  /** The body decoded as UTF-8, whatever the charset the server named. */
  text: string;
}

/** The REST envelope: `success`, `result[]`, `errors[]`, `warnings[]`. */
export interface Envelope {
  requestId?: string;
  success: boolean;
  result: unknown[];
  errors: MarketoFailure[];
  warnings: string[];
}

const UTF8 = new TextDecoder('utf-8');

/** Sends one request; a transport failure comes out as a retryable `ConnectorError`. */
export async function send(input: HttpRequest): Promise<HttpReply> {
  try {
    const response = await request(input.url, {
      method: input.method,
      headers: input.headers,
      body: input.body,
      headersTimeout: input.timeoutMs,
      bodyTimeout: input.timeoutMs,
    });
    const bytes = await response.body.arrayBuffer();
    const contentType = response.headers['content-type'];

    return {
      status: response.statusCode,
      contentType: Array.isArray(contentType) ? contentType.join(', ') : (contentType ?? ''),
      text: UTF8.decode(bytes),
    };
  } catch (error) {
    throw new ConnectorError(mapMarketoError(failureFromThrown(error)), { cause: error });
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a JSON body; undefined when the body is not JSON. */
export function parseJson(reply: HttpReply): unknown {
  if (!/\bjson\b/i.test(reply.contentType)) return undefined;
  try {
    return JSON.parse(reply.text);
  } catch {
    return undefined;
  }
}

/** `{code, message}` with the code as a string (Marketo sends strings; numbers are tolerated). */
export function readFailure(value: unknown): MarketoFailure | undefined {
  if (!isRecord(value)) return undefined;
  const code = typeof value.code === 'number' ? String(value.code) : value.code;
  if (typeof code !== 'string') return undefined;

  return { code, message: typeof value.message === 'string' ? value.message : '' };
}

/** The first 200 characters of a body that is not the envelope, for the error message. */
function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();

  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

/**
 * Reads the REST envelope of an HTTP 200. Anything else (413, 414, a gateway's HTML page) is a
 * failure of the whole call and is thrown as a `ConnectorError`.
 */
export function readEnvelope(reply: HttpReply): Envelope {
  const body = parseJson(reply);
  if (reply.status !== 200 || !isRecord(body) || typeof body.success !== 'boolean') {
    const failure: MarketoFailure =
      reply.status === 200
        ? { code: 'INVALID_RESPONSE', message: `Not a Marketo envelope: ${excerpt(reply.text)}` }
        : {
            code: `HTTP_${reply.status}`,
            message: excerpt(reply.text) || `HTTP ${reply.status}`,
            httpStatus: reply.status,
          };
    throw new ConnectorError(mapMarketoError(failure));
  }

  return {
    ...(typeof body.requestId === 'string' ? { requestId: body.requestId } : {}),
    success: body.success,
    result: Array.isArray(body.result) ? body.result : [],
    errors: (Array.isArray(body.errors) ? body.errors : []).flatMap((item) => {
      const failure = readFailure(item);

      return failure ? [failure] : [];
    }),
    warnings: (Array.isArray(body.warnings) ? body.warnings : []).filter(
      (item): item is string => typeof item === 'string',
    ),
  };
}

/**
 * A query string with every name and value percent-encoded (`+` becomes `%2B`, never a space).
 * A list value is encoded item by item and joined with literal commas, as `filterValues` wants.
 */
export function encodeQuery(params: ReadonlyArray<[string, string | readonly string[]]>): string {
  return params
    .map(([name, value]) => {
      const encoded =
        typeof value === 'string'
          ? encodeURIComponent(value)
          : value.map((item) => encodeURIComponent(item)).join(',');

      return `${encodeURIComponent(name)}=${encoded}`;
    })
    .join('&');
}
