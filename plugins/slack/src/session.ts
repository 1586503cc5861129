import { ConnectorError, type ConnectorContext, type Credentials } from '@libs/connector-sdk';
import { LogLevel, WebClient, type Logger, type WebClientOptions } from '@slack/web-api';

import { DEFAULT_API_URL, REFRESH_MARGIN_MS, REQUEST_TIMEOUT_MS } from './constants';
import { asConnectorError, failureFromThrown, mapSlackError } from './error-map';

/**
 * Keeps `@slack/web-api` quiet: outcomes are reported to the host as results, and the client
 * would otherwise print its warnings to the console.
 */
class QuietLogger implements Logger {
  private level = LogLevel.ERROR;

  debug(): void {}

  info(): void {}

  warn(): void {}

  error(): void {}

  setLevel(level: LogLevel): void {
    this.level = level;
  }

  getLevel(): LogLevel {
    return this.level;
  }

  setName(): void {}
}

/** `WebClient` settings for every call: the host owns retries, so the client makes one attempt. */
export function webClientOptions(apiUrl: string | undefined): WebClientOptions {
  return {
    slackApiUrl: apiUrl || DEFAULT_API_URL,
    // The library's default retries for about 30 minutes; the host schedules retries instead.
    retryConfig: { retries: 0 },
    // A 429 comes straight back with its Retry-After instead of pausing the client's queue.
    rejectRateLimitedCalls: true,
    timeout: REQUEST_TIMEOUT_MS,
    logger: new QuietLogger(),
  };
}

/**
 * One connection's Slack session: the bot token, and with token rotation (client id, secret and
 * refresh token) its refresh — ahead of expiry, and once when Slack answers `token_expired`.
 * Every new credential is reported to the host before the call that needed it is replayed.
 */
export class SlackSession {
  private credentials: Credentials;
  private client: WebClient;
  private refreshing?: Promise<void>;

  constructor(private readonly context: ConnectorContext) {
    this.credentials = { ...context.credentials };
    this.client = this.clientFor(this.credentials.botToken);
  }

  /** Whether the installation uses token rotation and can refresh its bot token. */
  get rotates(): boolean {
    const { clientId, clientSecret, refreshToken } = this.credentials;

    return Boolean(clientId && clientSecret && refreshToken);
  }

  /**
   * Runs Slack calls with a live token. Slack errors are rethrown as the client threw them (the
   * caller knows what the call was about); a failed refresh throws a ConnectorError.
   */
  async run<T>(operation: (client: WebClient) => Promise<T>): Promise<T> {
    this.assertCredentials();
    if (this.rotates && this.expiresSoon()) await this.refreshOnce(this.credentials.botToken);

    const token = this.credentials.botToken;
    try {
      return await operation(this.client);
    } catch (error) {
      if (!this.rotates || failureFromThrown(error).code !== 'token_expired') throw error;
    }
    await this.refreshOnce(token);

    return operation(this.client);
  }

  /** Refreshes a rotating token now; without rotation the bot token never expires. */
  async refresh(): Promise<Credentials> {
    this.assertCredentials();
    if (this.rotates) await this.refreshOnce(this.credentials.botToken);

    return { ...this.credentials };
  }

  private expiresSoon(): boolean {
    const expiresAt = Date.parse(this.credentials.tokenExpiresAt ?? '');

    return !Number.isNaN(expiresAt) && Date.now() >= expiresAt - REFRESH_MARGIN_MS;
  }

  /**
   * One refresh at a time: callers whose token expired together share it, and a caller whose
   * token was already replaced does not refresh again (Slack burns each refresh token on use).
   */
  private async refreshOnce(staleToken: string): Promise<void> {
    if (this.credentials.botToken !== staleToken) return;
    this.refreshing ??= this.requestRefresh().finally(() => {
      this.refreshing = undefined;
    });
    await this.refreshing;
  }

  /**
   * A new bot token: through the host's single-flight refresh when it offers one (another
   * worker's fresh token is reused as it is), else straight from `oauth.v2.access`.
   */
  private async requestRefresh(): Promise<void> {
    const refreshOnce = this.context.refreshOnce;
    const stale = { ...this.credentials };
    const next = refreshOnce
      ? await refreshOnce(stale, () => this.callTokenEndpoint(stale))
      : await this.callTokenEndpoint(stale);
    this.credentials = next;
    this.client = this.clientFor(next.botToken);
    if (!refreshOnce) await this.context.onCredentialsChanged({ ...next });
  }

  private async callTokenEndpoint(current: Credentials): Promise<Credentials> {
    const { clientId, clientSecret, refreshToken } = current;
    const oauth = new WebClient(undefined, webClientOptions(this.context.settings.apiUrl));
    let response: Awaited<ReturnType<WebClient['oauth']['v2']['access']>>;
    try {
      // https://docs.slack.dev/authentication/using-token-rotation
      response = await oauth.oauth.v2.access({
        client_id: clientId,
        client_secret: clientSecret,
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
      });
    } catch (error) {
      throw asConnectorError(error);
    }
    if (!response.access_token || !response.refresh_token) {
      throw new ConnectorError(mapSlackError({ code: 'INVALID_TOKEN_RESPONSE' }));
    }

    const { tokenExpiresAt: _previous, ...kept } = current;
    const next: Credentials = {
      ...kept,
      botToken: response.access_token,
      refreshToken: response.refresh_token,
    };
    if (response.expires_in !== undefined) {
      next.tokenExpiresAt = new Date(Date.now() + response.expires_in * 1000).toISOString();
    }

    return next;
  }

  private clientFor(token: string | undefined): WebClient {
    return new WebClient(token || undefined, webClientOptions(this.context.settings.apiUrl));
  }

  private assertCredentials(): void {
    if (this.credentials.botToken) return;

    throw new ConnectorError(mapSlackError({ code: 'MISSING_CREDENTIALS' }));
  }
}
