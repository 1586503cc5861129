import { createHmac } from 'node:crypto';

import { HEADERS, SIGNATURE_SCHEME, WEBHOOK_PROTOCOL_VERSION } from './constants';

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`, as the receiver recomputes it. */
export function signatureOf(secret: string, timestamp: string, body: string): string {
  const digest = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

  return `${SIGNATURE_SCHEME}=${digest}`;
}

/** The headers that sign one request: protocol version, Unix timestamp and signature. */
export function signedHeaders(
  secret: string,
  body: string,
  now = Date.now(),
): Record<string, string> {
  const timestamp = String(Math.floor(now / 1000));

  return {
    [HEADERS.version]: WEBHOOK_PROTOCOL_VERSION,
    [HEADERS.timestamp]: timestamp,
    [HEADERS.signature]: signatureOf(secret, timestamp, body),
  };
}
