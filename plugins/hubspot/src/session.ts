import { ConnectorError, type ConnectorContext, type Credentials } from '@libs/connector-sdk';
import { Client } from '@hubspot/api-client';

import { DEFAULT_BASE_URL, REFRESH_MARGIN_MS } from './constants';
import { failureFromThrown, HubSpotError, type MappingContext } from './error-map';

const REQUIRED_CREDENTIALS = ['clientId', 'clientSecret', 'refreshToken'] as const;

/** Reads a stored expiry: ISO-8601, or epoch milliseconds. */
function expiryOf(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const time = /^\d+$/.test(value) ? Number(value) : Date.parse(value);

  return Number.isNaN(time) ? undefined : time;
}

/**
 * One connection's HubSpot client: refreshes the access token before it expires and once after
 * HubSpot refuses it, reports every new credential to the host, and turns whatever the client
 * library throws into a `ConnectorError`.
 *
 * The client is built with `numberOfApiCallRetries: 0`: the host decides when to retry.
 */
export class HubSpotSession {
  private readonly client: Client;
  private credentials: Credentials;
  private refreshing?: Promise<void>;

  constructor(private readonly context: ConnectorContext) {
    this.credentials = { ...context.credentials };
    this.client = new Client({
      basePath: (context.settings.baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, ''),
      accessToken: this.credentials.accessToken || undefined,
      numberOfApiCallRetries: 0,
    });
    this.bindApis();
  }

  get accessToken(): string | undefined {
    return this.credentials.accessToken || undefined;
  }

  /**
   * Runs HubSpot calls with a live token. A 401 is answered by one refresh and one replay; a
   * second 401, or a refresh HubSpot refuses, surfaces as AUTH_INVALID.
   */
  async run<T>(operation: (client: Client) => Promise<T>, context?: MappingContext): Promise<T> {
    await this.ensureFresh();
    const used = this.credentials.accessToken;
    try {
      return await operation(this.client);
    } catch (error) {
      const failure = failureFromThrown(error);
      if (failure.httpStatus !== 401) throw new HubSpotError(failure, { cause: error, context });
      await this.refreshAfterRefusal(used);
    }
    try {
      return await operation(this.client);
    } catch (error) {
      throw new HubSpotError(failureFromThrown(error), { cause: error, context });
    }
  }

  /** Refreshes the access token now and returns the credentials the host now holds. */
  async refresh(): Promise<Credentials> {
    this.assertCredentials();
    this.refreshing ??= this.requestToken().finally(() => {
      this.refreshing = undefined;
    });
    await this.refreshing;

    return { ...this.credentials };
  }

  private async ensureFresh(): Promise<void> {
    this.assertCredentials();
    const expiresAt = expiryOf(this.credentials.expiresAt);
    const stale = expiresAt !== undefined && expiresAt - REFRESH_MARGIN_MS <= Date.now();
    if (this.credentials.accessToken && !stale) return;
    await this.refresh();
  }

  /** Refreshes unless another call already replaced the token HubSpot refused. */
  private async refreshAfterRefusal(refused: string | undefined): Promise<void> {
    if (this.refreshing) {
      await this.refreshing;

      return;
    }
    if (this.credentials.accessToken !== refused) return;
    await this.refresh();
  }

  /**
   * A new access token: through the host's single-flight refresh when it offers one (another
   * worker's fresh token is reused as it is), else straight from the token endpoint.
   */
  private async requestToken(): Promise<void> {
    const refreshOnce = this.context.refreshOnce;
    const stale = { ...this.credentials };
    const next = refreshOnce
      ? await refreshOnce(stale, () => this.callTokenEndpoint(stale))
      : await this.callTokenEndpoint(stale);
    this.credentials = next;
    this.client.setAccessToken(next.accessToken ?? '');
    this.bindApis();
    if (!refreshOnce) await this.context.onCredentialsChanged({ ...next });
  }

  // https://developers.hubspot.com/docs/api/oauth/tokens (refresh an access token)
  private async callTokenEndpoint(current: Credentials): Promise<Credentials> {
    const { clientId, clientSecret, refreshToken } = current;
    let token;
    try {
      token = await this.client.oauth.tokensApi.create(
        'refresh_token',
        undefined,
        undefined,
        clientId,
        clientSecret,
        refreshToken,
      );
    } catch (error) {
      throw new HubSpotError(failureFromThrown(error), { cause: error });
    }

    const next: Credentials = {
      ...current,
      accessToken: token.accessToken,
      expiresAt: new Date(Date.now() + token.expiresIn * 1000).toISOString(),
    };
    if (token.refreshToken) next.refreshToken = token.refreshToken;

    return next;
  }

  /**
   * The client library applies its decorators (retries, rate limiter) from one process-wide
   * list when an API object is first built, and every `new Client()` or `setAccessToken`
   * replaces that list. The APIs this connector calls are built at once, while the list is this
   * client's (empty), so another HubSpot client in the process cannot add retries to them.
   */
  private bindApis(): void {
    const { crm, oauth } = this.client;
    void [crm.contacts, crm.companies, crm.properties, crm.lists, crm.associations.v4, oauth];
  }

  private assertCredentials(): void {
    const missing = REQUIRED_CREDENTIALS.filter((name) => !this.credentials[name]);
    if (missing.length === 0) return;

    throw new ConnectorError({
      category: 'AUTH_INVALID',
      vendorCode: 'MISSING_CREDENTIALS',
      vendorMessage: `Missing HubSpot credentials: ${missing.join(', ')}`,
    });
  }
}
