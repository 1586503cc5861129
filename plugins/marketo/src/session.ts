import { setTimeout as sleep } from 'node:timers/promises';

import { ConnectorError, type ConnectorContext } from '@libs/connector-sdk';

import { IDENTITY_ATTEMPTS, IDENTITY_RETRY_DELAY_MS, TIMEOUT_MS } from './constants';
import { mapMarketoError, type MarketoFailure } from './error-map';
import { encodeQuery, isRecord, parseJson, send, type HttpReply } from './http';

/** Where one connection's instance lives and how it signs in. */
export interface MarketoConfig {
  clientId: string;
  clientSecret: string;
  /** `https://<munchkin>.mktorest.com/rest`, without a trailing slash. */
  restBaseUrl: string;
  /** `https://<munchkin>.mktorest.com/identity`, without a trailing slash. */
  identityBaseUrl: string;
}

interface CachedToken {
  value: string;
  expiresAt: number;
}

function baseUrl(value: string | undefined): string | undefined {
  const trimmed = value?.trim().replace(/\/+$/, '');
  if (!trimmed) return undefined;
  try {
    const url = new URL(trimmed);

    return url.protocol === 'https:' || url.protocol === 'http:' ? trimmed : undefined;
  } catch {
    return undefined;
  }
}

/** Reads and checks the credentials and settings; a gap is AUTH_INVALID for the admin to fix. */
export function configOf(
  context: Pick<ConnectorContext, 'credentials' | 'settings'>,
): MarketoConfig {
  const { clientId, clientSecret } = context.credentials;
  if (!clientId || !clientSecret) {
    const missing = [clientId ? undefined : 'clientId', clientSecret ? undefined : 'clientSecret'];
    throw new ConnectorError(
      mapMarketoError({
        code: 'MISSING_CREDENTIALS',
        message: `Missing Marketo credentials: ${missing.filter(Boolean).join(', ')}`,
      }),
    );
  }
  const restBaseUrl = baseUrl(context.settings.restBaseUrl);
  const identityBaseUrl = baseUrl(context.settings.identityBaseUrl);
  if (!restBaseUrl || !identityBaseUrl) {
    const names = [
      restBaseUrl ? undefined : 'restBaseUrl',
      identityBaseUrl ? undefined : 'identityBaseUrl',
    ].filter((name) => name !== undefined);
    throw new ConnectorError(
      mapMarketoError({
        code: 'INVALID_SETTINGS',
        message: `Missing or invalid Marketo settings: ${names.join(', ')}`,
      }),
    );
  }

  return { clientId, clientSecret, restBaseUrl, identityBaseUrl };
}

function identityFailure(reply: HttpReply): MarketoFailure {
  const body = parseJson(reply);
  const error = isRecord(body) && typeof body.error === 'string' ? body.error : undefined;
  const description =
    isRecord(body) && typeof body.error_description === 'string' ? body.error_description : '';
  if (error !== undefined) return { code: error, message: description, httpStatus: reply.status };

  return {
    code: `HTTP_${reply.status}`,
    message: `Identity endpoint answered HTTP ${reply.status}`,
    httpStatus: reply.status,
  };
}

/**
 * The access token of one connection, kept in memory. Marketo hands out the same token until
 * it expires, so a token is only asked for when none is cached, the cached one has expired, or
 * Marketo refused it (601/602). Concurrent callers share one identity call.
 */
export class MarketoSession {
  private cached?: CachedToken;
  private pending?: Promise<CachedToken>;

  constructor(private readonly config: MarketoConfig) {}

  async accessToken(): Promise<string> {
    if (this.cached && Date.now() < this.cached.expiresAt) return this.cached.value;
    this.pending ??= this.requestToken().finally(() => {
      this.pending = undefined;
    });

    return (await this.pending).value;
  }

  /** Forgets a token Marketo refused, so the next call asks the identity endpoint again. */
  discard(token: string): void {
    if (this.cached?.value === token) this.cached = undefined;
  }

  /**
   * Client credentials at the identity endpoint. `expires_in <= 0` means the token is about to
   * expire: wait a moment and ask again, which yields a fresh token.
   */
  private async requestToken(): Promise<CachedToken> {
    const { identityBaseUrl, clientId, clientSecret } = this.config;
    const query = encodeQuery([
      ['grant_type', 'client_credentials'],
      ['client_id', clientId],
      ['client_secret', clientSecret],
    ]);

    for (let attempt = 1; ; attempt += 1) {
      // https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/authentication
      const reply = await send({
        method: 'GET',
        url: `${identityBaseUrl}/oauth/token?${query}`,
        headers: { accept: 'application/json' },
        timeoutMs: TIMEOUT_MS.identity,
      });
      if (reply.status !== 200) throw new ConnectorError(mapMarketoError(identityFailure(reply)));

      const body = parseJson(reply);
      const token = isRecord(body) ? body.access_token : undefined;
      const expiresIn = isRecord(body) ? body.expires_in : undefined;
      if (typeof token !== 'string' || token === '' || typeof expiresIn !== 'number') {
        throw new ConnectorError(
          mapMarketoError({
            code: 'INVALID_RESPONSE',
            message: 'The identity endpoint answered without an access token',
          }),
        );
      }
      if (expiresIn > 0) {
        this.cached = { value: token, expiresAt: Date.now() + expiresIn * 1000 };

        return this.cached;
      }
      if (attempt >= IDENTITY_ATTEMPTS) {
        throw new ConnectorError(
          mapMarketoError({
            code: 'IDENTITY_TOKEN_EXPIRING',
            message: `The identity endpoint kept answering expires_in ${expiresIn}`,
          }),
        );
      }
      await sleep(IDENTITY_RETRY_DELAY_MS);
    }
  }
}
