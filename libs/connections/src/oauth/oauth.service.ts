import { createHash, randomBytes } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Credentials, OAuthCodeFlow, Settings } from '@libs/connector-sdk';
import { DomainError, ErrorCode, SecretBox, type Environment } from '@libs/core';
import { Org } from '@libs/orgs';
import { ConnectorRegistry } from '@libs/plugin-host';
import { ConnectionsService } from '../connections.service';
import type { AuthorizationDto, AuthorizeConnectionDto } from './oauth.dto';
import { OAuthState } from './oauth-state.entity';

const STATE_PURPOSE = 'oauth-state';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
/** Used and expired states are kept this long (for a clear "already used" answer), then purged. */
const STATE_RETENTION = '1 day';

/** What the admin's authorize request left for the callback, sealed in the state's row. */
interface PendingRequest {
  credentials: Credentials;
  settings: Settings;
  codeVerifier?: string;
}

/** The vendor's redirect back to the callback, as query parameters. */
export interface OAuthCallback {
  code?: string;
  state?: string;
  error?: string;
  error_description?: string;
}

/** A completed code exchange: the credentials to store, for a new or an existing connection. */
export interface CompletedAuthorization {
  org: Org;
  integration: string;
  /** Set when the state was issued to re-authorise this connection. */
  connectionId?: string;
  credentials: Credentials;
  settings: Settings;
}

type RefusalReason = 'missing' | 'forged' | 'replayed' | 'expired';

const REFUSALS: Record<RefusalReason, string> = {
  missing: 'The callback carries no state; start the authorisation again.',
  forged: 'The state was not issued by this platform.',
  replayed: 'The state was already used; start the authorisation again.',
  expired: 'The state expired before the vendor sent the admin back; start again.',
};

function refused(reason: RefusalReason): DomainError {
  return new DomainError(ErrorCode.OAuthStateRefused, REFUSALS[reason], { reason });
}

/**
 * Whether `uri` is on the allow-list: equal to an entry, or — for a loopback entry without a
 * port — equal but for the port (RFC 8252 §7.3).
 */
export function isAllowedRedirect(uri: string, allowList: readonly string[]): boolean {
  if (!URL.canParse(uri)) return false;
  const target = new URL(uri);
  if (target.hash || target.username || target.password) return false;

  return allowList.some((entry) => {
    if (!URL.canParse(entry)) return false;
    const allowed = new URL(entry);
    if (allowed.href === target.href) return true;
    const anyPort =
      allowed.protocol === 'http:' && allowed.port === '' && LOOPBACK_HOSTS.has(allowed.hostname);

    return (
      anyPort &&
      target.protocol === 'http:' &&
      target.hostname === allowed.hostname &&
      target.pathname === allowed.pathname &&
      target.search === allowed.search
    );
  });
}

/**
 * The OAuth 2.0 authorization code connect flow: issues the vendor's authorize URL with a signed,
 * single-use, expiring state (and PKCE where the vendor takes it), then checks the state the
 * vendor sends back and exchanges the code through the connector.
 */
@Injectable()
export class OAuthService {
  private readonly logger = new Logger(OAuthService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly registry: ConnectorRegistry,
    private readonly secrets: SecretBox,
    private readonly connections: ConnectionsService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async authorize(
    org: Org,
    integration: string,
    input: AuthorizeConnectionDto,
  ): Promise<AuthorizationDto> {
    const definition = this.registry.get(integration);
    const flow = definition.auth.oauth;
    if (!flow) {
      throw new DomainError(
        ErrorCode.BadRequest,
        `${definition.displayName} does not connect with OAuth; create the connection with its credentials`,
      );
    }
    const existing = input.connectionId
      ? await this.connections.get(org, input.connectionId)
      : undefined;
    if (existing && existing.integration !== definition.id) {
      throw DomainError.invalid([
        { field: 'connectionId', message: `is a ${existing.integration} connection` },
      ]);
    }
    const stored = existing ? await this.connections.credentialsOf(existing.id) : {};
    const credentials = { ...pick(stored, flow.appFields), ...(input.credentials ?? {}) };
    const settings = { ...(existing?.settings ?? {}), ...(input.settings ?? {}) };
    const redirectUri = input.redirectUri ?? this.allowList()[0];
    const problems = this.connections.inputProblems(definition, { credentials, settings }, true);
    for (const name of flow.appFields) {
      if (!credentials[name]) {
        problems.push({ field: `credentials.${name}`, message: 'is needed to authorise' });
      }
    }
    if (!redirectUri || !isAllowedRedirect(redirectUri, this.allowList())) {
      problems.push({ field: 'redirectUri', message: 'is not listed in OAUTH_REDIRECT_URIS' });
    }
    if (problems.length > 0) throw DomainError.invalid(problems);

    const codeVerifier = flow.pkce ? randomBytes(32).toString('base64url') : undefined;
    const pending: PendingRequest = { credentials, settings, codeVerifier };
    const expiresAt = new Date(Date.now() + this.config.get('OAUTH_STATE_TTL_SECONDS') * 1000);
    const row = this.em.create(OAuthState, {
      org,
      integration: definition.id,
      connection: existing ?? null,
      redirectUri,
      sealedRequest: this.secrets.seal(JSON.stringify(pending)),
      expiresAt,
    });
    await this.em.persistAndFlush(row);
    await this.purgeOldStates();
    const state = `${row.id}.${this.secrets.sign(row.id, STATE_PURPOSE)}`;
    this.logger.log(
      { orgId: org.id, integration: definition.id, connectionId: existing?.id, stateId: row.id },
      'oauth authorization issued',
    );

    return {
      authorizeUrl: authorizeUrl(flow, settings, {
        clientId: credentials.clientId ?? '',
        redirectUri,
        state,
        codeVerifier,
      }),
      state,
      expiresAt,
      pkce: flow.pkce,
    };
  }

  /**
   * Checks the state (signature, single use, expiry), then exchanges the code. The state is
   * used up by the first callback that names it, whatever the outcome.
   */
  async complete(callback: OAuthCallback): Promise<CompletedAuthorization> {
    const claimed = await this.claim(callback.state);
    const org = await this.em.fork().findOneOrFail(Org, { id: claimed.orgId });
    const definition = this.registry.get(claimed.integration);
    if (callback.error) {
      throw new DomainError(
        ErrorCode.BadRequest,
        `${definition.displayName} did not authorise: ${callback.error}${callback.error_description ? ` (${callback.error_description})` : ''}`,
        { vendorError: callback.error },
      );
    }
    if (!callback.code) {
      throw new DomainError(ErrorCode.BadRequest, 'The callback carries no authorization code');
    }
    const flow = definition.auth.oauth as OAuthCodeFlow;
    const obtained = await flow.exchangeCode({
      code: callback.code,
      redirectUri: claimed.redirectUri,
      codeVerifier: claimed.pending.codeVerifier,
      credentials: claimed.pending.credentials,
      settings: claimed.pending.settings,
    });
    this.logger.log(
      { orgId: org.id, integration: definition.id, connectionId: claimed.connectionId },
      'oauth code exchanged',
    );

    return {
      org,
      integration: definition.id,
      connectionId: claimed.connectionId,
      credentials: { ...claimed.pending.credentials, ...obtained },
      settings: claimed.pending.settings,
    };
  }

  /** Marks the state used, atomically; refuses a forged, replayed or expired one. */
  private async claim(state: string | undefined) {
    if (!state) throw refused('missing');
    const separator = state.indexOf('.');
    const id = state.slice(0, separator);
    if (
      separator < 0 ||
      !UUID.test(id) ||
      !this.secrets.verify(id, state.slice(separator + 1), STATE_PURPOSE)
    ) {
      throw refused('forged');
    }
    const rows: Array<{
      org_id: string;
      integration: string;
      connection_id: string | null;
      redirect_uri: string;
      sealed_request: string | null;
    }> = await this.em.fork().execute(
      `UPDATE oauth_states s SET used_at = now(), sealed_request = NULL, updated_at = now()
         FROM (SELECT id, sealed_request FROM oauth_states WHERE id = ? FOR UPDATE) old
        WHERE s.id = old.id AND s.used_at IS NULL AND s.expires_at > now()
       RETURNING s.org_id, s.integration, s.connection_id, s.redirect_uri, old.sealed_request`,
      [id],
    );
    const [row] = rows;
    if (!row?.sealed_request) {
      const found = await this.em.fork().findOne(OAuthState, { id });
      if (!found) throw refused('forged');
      throw refused(found.usedAt ? 'replayed' : 'expired');
    }

    return {
      orgId: row.org_id,
      integration: row.integration,
      connectionId: row.connection_id ?? undefined,
      redirectUri: row.redirect_uri,
      pending: JSON.parse(this.secrets.open(row.sealed_request)) as PendingRequest,
    };
  }

  private allowList(): string[] {
    return this.config.get('OAUTH_REDIRECT_URIS');
  }

  private async purgeOldStates(): Promise<void> {
    await this.em
      .fork()
      .execute(`DELETE FROM oauth_states WHERE expires_at < now() - interval '${STATE_RETENTION}'`);
  }
}

function pick(credentials: Credentials, names: readonly string[]): Credentials {
  return Object.fromEntries(
    Object.entries(credentials).filter(([name]) => names.includes(name)),
  ) as Credentials;
}

function authorizeUrl(
  flow: OAuthCodeFlow,
  settings: Settings,
  request: { clientId: string; redirectUri: string; state: string; codeVerifier?: string },
): string {
  const url = new URL(flow.authorizeUrl(settings));
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', request.clientId);
  url.searchParams.set('redirect_uri', request.redirectUri);
  if (flow.scopes.length > 0) url.searchParams.set('scope', flow.scopes.join(flow.scopeSeparator));
  url.searchParams.set('state', request.state);
  if (request.codeVerifier) {
    const challenge = createHash('sha256').update(request.codeVerifier).digest('base64url');
    url.searchParams.set('code_challenge', challenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }

  return url.toString();
}
