import {
  ConnectorError,
  isConnectorError,
  type ConnectorContext,
  type Credentials,
} from '@libs/connector-sdk';
import { Connection, type ConnectionConfig, type TokenResponse } from 'jsforce';

import { DEFAULT_LOGIN_URL, SALESFORCE_API_VERSION } from './constants';
import { failureFromThrown, mapSalesforceError, type SalesforceFailure } from './error-map';

type RefreshFunction = NonNullable<ConnectionConfig['refreshFn']>;

/** `https://<host>/id/<orgId>/<userId>` → jsforce's user info. */
function userInfoOf(identityUrl: string) {
  const [organizationId, id] = identityUrl.split('/').slice(-2);

  return { id, organizationId, url: identityUrl };
}

/** What jsforce expects from a refresh, made from credentials another worker obtained. */
function tokenResponseOf(credentials: Credentials): TokenResponse {
  return {
    token_type: 'Bearer',
    scope: '',
    id: '',
    access_token: credentials.accessToken ?? '',
    instance_url: credentials.instanceUrl ?? '',
    signature: '',
    issued_at: '',
    ...(credentials.refreshToken ? { refresh_token: credentials.refreshToken } : {}),
  };
}

/**
 * One connection's jsforce session: refreshes the access token when needed, reports every new
 * credential to the host, and turns whatever jsforce throws into a `ConnectorError`.
 *
 * jsforce refreshes on any 401 and replays, and would loop forever on a token that is rejected
 * right after a refresh. The refresh function it calls therefore refuses a second 401-driven
 * refresh until Salesforce has accepted the session again, which surfaces as AUTH_INVALID.
 */
export class SalesforceSession {
  readonly conn: Connection;
  private credentials: Credentials;
  private firstRefresh?: Promise<void>;
  /** Refreshes jsforce asked for (after a 401) since Salesforce last accepted the session. */
  private refreshesSinceSuccess = 0;
  private refreshFailure?: SalesforceFailure;
  private refreshFailureCount = 0;
  private pendingPersist: Promise<void> = Promise.resolve();
  /** The access token the host last stored itself (through `refreshOnce`). */
  private storedByHost?: string;

  constructor(private readonly context: ConnectorContext) {
    this.credentials = { ...context.credentials };
    const { clientId, clientSecret, refreshToken, accessToken, instanceUrl } = this.credentials;
    const loginUrl = context.settings.loginUrl || DEFAULT_LOGIN_URL;

    this.conn = new Connection({
      version: SALESFORCE_API_VERSION,
      oauth2: { loginUrl, clientId, clientSecret },
      instanceUrl: instanceUrl || loginUrl,
      accessToken: accessToken || undefined,
      refreshToken: refreshToken || undefined,
      refreshFn: this.refreshFromJsforce,
    });
    this.conn.on('refresh', (token: string, response?: TokenResponse) =>
      this.onRefresh(token, response),
    );
  }

  /** Runs Salesforce calls with a live session; failures come out as `ConnectorError`. */
  async run<T>(operation: (conn: Connection) => PromiseLike<T>): Promise<T> {
    await this.ensureSession();
    const failuresBefore = this.refreshFailureCount;
    let result: T;
    try {
      result = await operation(this.conn);
    } catch (error) {
      const failure = this.toConnectorError(error, this.refreshFailureCount > failuresBefore);
      // Any answer other than an auth failure means Salesforce accepted the session.
      if (failure.category !== 'AUTH_INVALID') this.refreshesSinceSuccess = 0;
      throw failure;
    }
    this.refreshesSinceSuccess = 0;
    await this.flushCredentials();

    return result;
  }

  /** Refreshes the access token now and returns the credentials the host now holds. */
  async refresh(): Promise<Credentials> {
    this.assertCredentials();
    let token: TokenResponse;
    try {
      token = await this.requestToken();
    } catch (error) {
      throw this.toConnectorError(error, true);
    }
    this.conn.accessToken = token.access_token;
    this.conn.emit('refresh', token.access_token, token);
    await this.flushCredentials();

    return { ...this.credentials };
  }

  /** Obtains an access token by refresh before the first call when none is stored yet. */
  private async ensureSession(): Promise<void> {
    this.assertCredentials();
    if (this.credentials.accessToken && this.credentials.instanceUrl) return;

    this.firstRefresh ??= this.refresh()
      .then(() => undefined)
      .finally(() => {
        this.firstRefresh = undefined;
      });
    await this.firstRefresh;
  }

  private readonly refreshFromJsforce: RefreshFunction = (_conn, callback) => {
    if (this.refreshesSinceSuccess > 0) {
      this.recordRefreshFailure({
        code: 'INVALID_SESSION_ID',
        message: 'Session expired or invalid',
        httpStatus: 401,
      });
      callback(new Error('Salesforce rejected the session again right after a refresh'));

      return;
    }
    this.refreshesSinceSuccess += 1;
    this.requestToken().then(
      (token) => callback(undefined, token.access_token, token),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  };

  /**
   * A new access token: through the host's single-flight refresh when it offers one (another
   * worker's fresh token is reused as it is), else straight from the token endpoint.
   */
  private async requestToken(): Promise<TokenResponse> {
    const refreshOnce = this.context.refreshOnce;
    if (!refreshOnce) return this.callTokenEndpoint(this.conn.refreshToken ?? '');

    let response: TokenResponse | undefined;
    const stored = await refreshOnce({ ...this.credentials }, async () => {
      response = await this.callTokenEndpoint(this.credentials.refreshToken ?? '');
      const next: Credentials = {
        ...this.credentials,
        accessToken: response.access_token,
        instanceUrl: response.instance_url || this.credentials.instanceUrl || '',
      };
      if (response.refresh_token) next.refreshToken = response.refresh_token;

      return next;
    });
    this.storedByHost = stored.accessToken;

    return response ?? tokenResponseOf(stored);
  }

  // https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm
  private async callTokenEndpoint(refreshToken: string): Promise<TokenResponse> {
    try {
      return await this.conn.oauth2.refreshToken(refreshToken);
    } catch (error) {
      this.recordRefreshFailure(failureFromThrown(error));
      throw error;
    }
  }

  /** jsforce emits `refresh` after every token refresh; it does not keep a rotated refresh token. */
  private onRefresh(accessToken: string, token?: TokenResponse): void {
    if (token?.instance_url) this.conn.instanceUrl = token.instance_url;
    if (token?.id) this.conn.userInfo = userInfoOf(token.id);
    if (token?.refresh_token) this.conn.refreshToken = token.refresh_token;

    const next: Credentials = {
      ...this.credentials,
      accessToken,
      instanceUrl: this.conn.instanceUrl,
    };
    if (token?.refresh_token) next.refreshToken = token.refresh_token;
    this.credentials = next;
    // The host stored these under its refresh lock already.
    if (this.storedByHost !== undefined && this.storedByHost === accessToken) return;

    const persisted = this.pendingPersist.then(() =>
      this.context.onCredentialsChanged({ ...next }),
    );
    persisted.catch(() => undefined);
    this.pendingPersist = persisted;
  }

  /** Waits until the host has stored every credential reported so far. */
  private async flushCredentials(): Promise<void> {
    const pending = this.pendingPersist;
    this.pendingPersist = Promise.resolve();
    await pending;
  }

  private recordRefreshFailure(failure: SalesforceFailure): void {
    this.refreshFailure = failure;
    this.refreshFailureCount += 1;
  }

  private assertCredentials(): void {
    const missing = ['clientId', 'refreshToken'].filter((name) => !this.credentials[name]);
    if (missing.length === 0) return;

    throw new ConnectorError({
      category: 'AUTH_INVALID',
      vendorCode: 'MISSING_CREDENTIALS',
      vendorMessage: `Missing Salesforce credentials: ${missing.join(', ')}`,
    });
  }

  private toConnectorError(error: unknown, refreshFailed: boolean): ConnectorError {
    if (isConnectorError(error)) return error;
    const failure =
      refreshFailed && this.refreshFailure ? this.refreshFailure : failureFromThrown(error);

    return new ConnectorError(mapSalesforceError(failure), { cause: error });
  }
}
