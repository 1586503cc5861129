import type { ConnectorContext, Credentials } from '@libs/connector-sdk';
import { Connection, type ConnectionConfig } from 'jsforce';

import { LegacyCallError } from '../errors';
import { failureFromThrown, toCallError } from './errors';

/** Salesforce REST API version the legacy integration calls. */
export const LEGACY_SALESFORCE_API_VERSION = '62.0';
export const DEFAULT_LOGIN_URL = 'https://login.salesforce.com';

type RefreshFunction = NonNullable<ConnectionConfig['refreshFn']>;

interface Session {
  accessToken: string;
  instanceUrl: string;
}

/**
 * One legacy connection's Salesforce session, obtained the legacy way: a SOAP `login()` with the
 * username and the password followed by the security token (no connected app). The session id
 * is kept with the credentials, so workers reuse it; when Salesforce answers that it expired,
 * the session logs in once more (one login per connection at a time, across workers) and
 * replays. A login Salesforce refuses is AUTH_INVALID.
 */
export class LegacySalesforceSession {
  readonly conn: Connection;
  private credentials: Credentials;
  private readonly loginUrl: string;
  /** Logins jsforce asked for (after a 401) since Salesforce last accepted the session. */
  private reloginsSinceSuccess = 0;
  private loginFailure?: unknown;
  private pending?: Promise<Session>;

  constructor(private readonly context: ConnectorContext) {
    this.credentials = { ...context.credentials };
    this.loginUrl = (context.settings.loginUrl || DEFAULT_LOGIN_URL).replace(/\/+$/, '');
    this.conn = new Connection({
      version: LEGACY_SALESFORCE_API_VERSION,
      loginUrl: this.loginUrl,
      instanceUrl: this.credentials.instanceUrl || this.loginUrl,
      accessToken: this.credentials.accessToken || undefined,
      refreshFn: this.reloginFromJsforce,
    });
  }

  /** Runs Salesforce calls with a live session; failures come out as `LegacyCallError`. */
  async run<T>(operation: (conn: Connection) => PromiseLike<T>): Promise<T> {
    if (!this.credentials.accessToken || !this.credentials.instanceUrl) await this.login();
    this.loginFailure = undefined;
    try {
      const result = await operation(this.conn);
      this.reloginsSinceSuccess = 0;

      return result;
    } catch (error) {
      const failure = this.loginFailure ?? error;
      const thrown = toCallError(failure);
      if (thrown.category !== 'AUTH_INVALID') this.reloginsSinceSuccess = 0;
      throw thrown;
    }
  }

  /** Logs in now (once per connection at a time) and adopts the session. */
  async login(): Promise<Session> {
    this.pending ??= this.obtainSession().finally(() => {
      this.pending = undefined;
    });
    const session = await this.pending;
    this.conn.accessToken = session.accessToken;
    this.conn.instanceUrl = session.instanceUrl;

    return session;
  }

  get current(): Credentials {
    return { ...this.credentials };
  }

  private async obtainSession(): Promise<Session> {
    const missing = ['username', 'password'].filter((name) => !this.credentials[name]);
    if (missing.length > 0) {
      throw new LegacyCallError({
        kind: 'auth',
        code: 'MISSING_CREDENTIALS',
        message: `Missing Salesforce credentials: ${missing.join(', ')}`,
      });
    }
    const stale = { ...this.credentials };
    const refreshOnce = this.context.refreshOnce;
    const next = refreshOnce
      ? await refreshOnce(stale, () => this.soapLogin(stale))
      : await this.soapLogin(stale);
    this.credentials = next;
    if (!refreshOnce) await this.context.onCredentialsChanged({ ...next });

    return { accessToken: next.accessToken ?? '', instanceUrl: next.instanceUrl ?? '' };
  }

  // https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_login.htm
  private async soapLogin(current: Credentials): Promise<Credentials> {
    const login = new Connection({
      version: LEGACY_SALESFORCE_API_VERSION,
      loginUrl: this.loginUrl,
    });
    try {
      await login.login(current.username, `${current.password}${current.securityToken ?? ''}`);
    } catch (error) {
      throw new LegacyCallError(failureFromThrown(error), { cause: error });
    }

    return { ...current, accessToken: login.accessToken ?? '', instanceUrl: login.instanceUrl };
  }

  /** jsforce asks for a new session after a 401: one login, then the replay must work. */
  private readonly reloginFromJsforce: RefreshFunction = (_conn, callback) => {
    if (this.reloginsSinceSuccess > 0) {
      const failure = new LegacyCallError({
        kind: 'auth',
        code: 'INVALID_SESSION_ID',
        message: 'Session expired or invalid',
      });
      this.loginFailure = failure;
      callback(failure);

      return;
    }
    this.reloginsSinceSuccess += 1;
    this.login().then(
      (session) => callback(undefined, session.accessToken),
      (error: unknown) => {
        this.loginFailure = error;
        callback(error instanceof Error ? error : new Error(String(error)));
      },
    );
  };
}
