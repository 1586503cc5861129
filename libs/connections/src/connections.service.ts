import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  isConnectorError,
  type ConnectorClient,
  type ConnectorDefinition,
  type Credentials,
  type NormalisedError,
  type Settings,
  type TestConnectionResult,
} from '@libs/connector-sdk';
import { AuditLog, type AuditDetail } from '@libs/audit';
import {
  budgetKey,
  DomainError,
  ErrorCode,
  Metrics,
  RATE_BUDGET,
  scopeToAllOrgs,
  SecretBox,
  type FieldProblem,
  type Principal,
  type RateBudget,
} from '@libs/core';
import { ConnectorRegistry } from '@libs/plugin-host';
import type { Org } from '@libs/orgs';
import { budgetedClient, type BudgetBinding } from './budgeted-client';
import {
  Connection,
  ConnectionPlatform,
  ConnectionStatus,
  isLegacyIntegration,
  LEGACY_INTEGRATIONS,
} from './connection.entity';
import { ConnectorLimits } from './connector-limits';
import { ConnectionDto } from './connections.dto';
import { ifMatchTag, settingsTag } from './settings-tag';
import { instrumentClient } from './instrumented-client';

/** Settings named `…Url` must be http(s) URLs; every setting is a string. */
function settingProblems(settings: Settings): FieldProblem[] {
  return Object.entries(settings).flatMap(([name, value]): FieldProblem[] => {
    const field = `settings.${name}`;
    if (typeof value !== 'string') return [{ field, message: 'must be a string' }];
    if (!/url$/i.test(name)) return [];
    const protocol = URL.canParse(value) ? new URL(value).protocol : '';

    return ['http:', 'https:'].includes(protocol)
      ? []
      : [{ field, message: 'must be an http(s) URL' }];
  });
}

function sameCredentials(a: Credentials, b: Credentials): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);

  return [...keys].every((key) => (a[key] ?? '') === (b[key] ?? ''));
}

/** A change of settings: each value replaces the stored one; `null` removes the setting. */
export type SettingsChange = Record<string, string | null>;

export interface CreateConnectionInput {
  integration: string;
  credentials: Credentials;
  settings?: Settings;
  /** `legacy` for a legacy integration (through the legacy endpoints); default `new`. */
  platform?: ConnectionPlatform;
}

@Injectable()
export class ConnectionsService {
  private readonly logger = new Logger(ConnectionsService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly registry: ConnectorRegistry,
    private readonly secrets: SecretBox,
    private readonly metrics: Metrics,
    private readonly audit: AuditLog,
    private readonly limits: ConnectorLimits,
    @Inject(RATE_BUDGET) private readonly budget: RateBudget,
  ) {}

  /**
   * Stores a connection and tests it; a failed test leaves it needing re-authorisation.
   * `actor` is who the audit log names; none for the platform itself.
   */
  async create(org: Org, input: CreateConnectionInput, actor?: Principal): Promise<Connection> {
    const definition = this.registry.get(input.integration);
    const platform = input.platform ?? ConnectionPlatform.New;
    const legacy = isLegacyIntegration(definition.id);
    if (legacy !== (platform === ConnectionPlatform.Legacy)) {
      throw DomainError.invalid([
        {
          field: 'integration',
          message: legacy
            ? 'a legacy integration: connect it with POST /v1/legacy/connections'
            : `not a legacy integration: legacy connections are ${Object.values(LEGACY_INTEGRATIONS).join(', ')}`,
        },
      ]);
    }
    const problems = this.inputProblems(definition, input);
    if (problems.length > 0) throw DomainError.invalid(problems);

    const persona = definition.capabilities.objects.find((object) => object.role === 'persona');
    const connection = this.em.create(Connection, {
      org,
      integration: definition.id,
      category: definition.category,
      platform,
      personaObject: persona?.name ?? null,
      sealedCredentials: this.seal(input.credentials),
      settings: input.settings ?? {},
    });
    await this.em.persistAndFlush(connection);
    await this.audit.record({
      orgId: org.id,
      actor,
      action: 'connection.created',
      target: { type: 'connection', id: connection.id },
      detail: { integration: connection.integration },
    });
    await this.test(org, connection.id);

    return connection;
  }

  /**
   * Re-authorisation: stores new credentials and tests them. Returns the connection, connected
   * again when the test passed.
   */
  async reauthorize(
    org: Org,
    id: string,
    credentials: Credentials,
    actor?: Principal,
  ): Promise<Connection> {
    const connection = await this.get(org, id);
    const problems = this.credentialProblems(
      this.registry.get(connection.integration),
      credentials,
    );
    if (problems.length > 0) throw DomainError.invalid(problems);
    await this.em.nativeUpdate(Connection, { id }, { sealedCredentials: this.seal(credentials) });
    await this.audit.record({
      orgId: org.id,
      actor,
      action: 'connection.reauthorized',
      target: { type: 'connection', id },
      detail: { integration: connection.integration },
    });
    await this.test(org, id);

    return connection;
  }

  /**
   * Changes some of a connection's settings, checked as a new connection's are, then tests the
   * connection again (a new login URL may not reach the vendor). Leads synced from then on use
   * them: each sync builds its client from the stored settings. With `ifMatch` (the settings'
   * ETag as read), a change based on settings that changed since is refused (409).
   */
  async updateSettings(
    org: Org,
    id: string,
    change: SettingsChange,
    ifMatch: string | undefined,
    actor?: Principal,
  ): Promise<Connection> {
    const expected = ifMatchTag(ifMatch);
    const changed = await this.em.fork().transactional(async (em) => {
      const connection = await em.findOne(
        Connection,
        { id, org },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!connection) throw DomainError.notFound('Connection', id);
      if (expected !== undefined && expected !== settingsTag(connection.settings)) {
        throw new DomainError(
          ErrorCode.Conflict,
          "The connection's settings changed since they were read: read them again",
          { etag: settingsTag(connection.settings) },
        );
      }
      const definition = this.registry.get(connection.integration);
      const declared = new Set(definition.settings.map((field) => field.name));
      const problems: FieldProblem[] = Object.keys(change)
        .filter((name) => !declared.has(name))
        .map((name) => ({
          field: `settings.${name}`,
          message: 'not a setting of this integration',
        }));
      const settings: Settings = { ...connection.settings };
      for (const [name, value] of Object.entries(change)) {
        if (value === null) delete settings[name];
        else settings[name] = value;
      }
      problems.push(...this.settingsProblems(definition, settings));
      if (problems.length > 0) throw DomainError.invalid(problems);

      const names = Object.keys(change).filter(
        (name) => connection.settings[name] !== settings[name],
      );
      if (names.length > 0) connection.settings = settings;

      return {
        names,
        settings,
        integration: connection.integration,
        disconnected: connection.status === ConnectionStatus.Disconnected,
      };
    });
    if (changed.names.length === 0) return this.get(org, id);

    const secret = new Set(this.secretSettings(changed.integration));
    const detail: AuditDetail = {
      integration: changed.integration,
      changed: changed.names.join(','),
    };
    for (const name of changed.names) {
      // A secret setting is named as changed, never told.
      if (!secret.has(name)) detail[`settings.${name}`] = changed.settings[name] ?? null;
    }
    await this.audit.record({
      orgId: org.id,
      actor,
      action: 'connection.settings_changed',
      target: { type: 'connection', id },
      detail,
    });
    this.logger.log(
      { connectionId: id, orgId: org.id, changed: changed.names },
      'connection settings changed',
    );
    // A disconnected connection has no credentials to test; it stays disconnected.
    if (!changed.disconnected) await this.test(org, id);

    return this.get(org, id);
  }

  /** The connection as the API shows it: settings its connector declares secret left out. */
  view(connection: Connection): ConnectionDto {
    return ConnectionDto.from(connection, this.secretSettings(connection.integration));
  }

  /** The names of the settings the connection's connector declares secret: never shown. */
  secretSettings(integration: string): string[] {
    if (!this.registry.has(integration)) return [];

    return this.registry
      .get(integration)
      .settings.filter((field) => field.secret)
      .map((field) => field.name);
  }

  /** Erases the credentials; the connection's waiting leads are held as Paused by the caller. */
  async disconnect(org: Org, id: string, actor?: Principal): Promise<Connection> {
    const connection = await this.get(org, id);
    await this.em.nativeUpdate(
      Connection,
      { id },
      { sealedCredentials: null, status: ConnectionStatus.Disconnected, problem: null },
    );
    await this.em.refresh(connection);
    await this.audit.record({
      orgId: org.id,
      actor,
      action: 'connection.disconnected',
      target: { type: 'connection', id },
      detail: { integration: connection.integration },
    });

    return connection;
  }

  async list(org: Org): Promise<Connection[]> {
    return this.em.find(Connection, { org }, { orderBy: { createdAt: 'asc' } });
  }

  async get(org: Org, id: string): Promise<Connection> {
    const connection = await this.em.findOne(Connection, { id, org });
    if (!connection) throw DomainError.notFound('Connection', id);

    return connection;
  }

  /** Tests the stored credentials and records the outcome on the connection. */
  async test(org: Org, id: string): Promise<TestConnectionResult> {
    const connection = await this.get(org, id);
    let result: TestConnectionResult;
    try {
      result = await (await this.clientFor(connection.id)).testConnection();
    } catch (error) {
      if (!isConnectorError(error)) throw error;
      result = { ok: false, error: error.error };
    }
    if (result.ok) {
      connection.status = ConnectionStatus.Connected;
      connection.account = result.account;
      connection.accountId = result.accountId ?? null;
      connection.problem = null;
    } else if (result.error && !result.error.retryable) {
      // Refused credentials or settings: the connection needs the admin before it syncs.
      connection.status = ConnectionStatus.NeedsReauth;
      connection.problem = result.error;
    } else if (result.error) {
      connection.problem = result.error;
    }
    await this.em.flush();

    return result;
  }

  /**
   * The connection's client. Credentials the connector refreshes are written back at once,
   * outside any caller's transaction. Each call takes a turn in the vendor account's shared rate
   * budget, unless the caller takes turns itself (`budgeted: false`, the sync worker), and is
   * counted in the metrics.
   */
  async clientFor(
    connectionId: string,
    options: { budgeted?: boolean } = {},
  ): Promise<ConnectorClient> {
    const em = this.em.fork();
    const connection = await em.findOneOrFail(
      Connection,
      { id: connectionId },
      { populate: ['sealedCredentials'] },
    );
    const definition = this.registry.get(connection.integration);
    let credentials = this.open(connection.sealedCredentials);
    const log = { connectionId, orgId: connection.org.id };

    const client = definition.create({
      credentials,
      settings: connection.settings,
      onCredentialsChanged: async (next) => {
        credentials = { ...credentials, ...next };
        await this.em
          .fork()
          .nativeUpdate(
            Connection,
            { id: connectionId },
            { sealedCredentials: this.seal(credentials) },
          );
        this.logger.log(log, 'credentials refreshed');
      },
      refreshOnce: async (stale, refresh) => {
        const fresh = await this.refreshOnce(connectionId, stale, refresh);
        credentials = fresh.credentials;
        if (fresh.refreshed) this.logger.log(log, 'credentials refreshed');

        return { ...fresh.credentials };
      },
    });

    const counted = instrumentClient(client, connection.integration, this.metrics);

    return options.budgeted === false
      ? counted
      : budgetedClient(counted, this.budgetOf(connection));
  }

  /**
   * One refresh at a time per connection, in every process: a transaction-scoped advisory lock
   * on the connection id. The stored credentials are read again once the lock is held, so a
   * worker that waited reuses what the previous holder stored instead of refreshing again
   * (which would also burn a rotated refresh token). The vendor call runs under the lock.
   */
  private async refreshOnce(
    connectionId: string,
    stale: Credentials,
    refresh: () => Promise<Credentials>,
  ): Promise<{ credentials: Credentials; refreshed: boolean }> {
    return this.em.fork().transactional(async (em) => {
      await em.execute('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [
        `connection-credentials:${connectionId}`,
      ]);
      const connection = await em.findOneOrFail(
        Connection,
        { id: connectionId },
        { populate: ['sealedCredentials'] },
      );
      const stored = this.open(connection.sealedCredentials);
      if (!sameCredentials(stored, stale)) return { credentials: stored, refreshed: false };

      const next = await refresh();
      // A disconnect erases the credentials; a refresh finishing after it must not restore them.
      await em.nativeUpdate(
        Connection,
        { id: connectionId, status: { $ne: ConnectionStatus.Disconnected } },
        { sealedCredentials: this.seal(next) },
      );

      return { credentials: next, refreshed: true };
    });
  }

  /**
   * The rate budget of the vendor account the connection reaches: connectors of one vendor (a
   * legacy connector and the new one) share each account's budget, under the vendor's limits.
   * The account is the stable id its connection test reported (else its account identity), so
   * a private-app token and an OAuth grant to one HubSpot portal take turns in one budget.
   */
  budgetOf(connection: Connection): BudgetBinding {
    const definition = this.registry.get(connection.integration);
    const vendor = definition.vendor ?? definition.id;
    const limitsOf = this.registry.has(vendor) ? vendor : connection.integration;

    return {
      budget: this.budget,
      key: budgetKey({
        id: connection.id,
        integration: vendor,
        account: connection.accountId ?? connection.account,
      }),
      limits: this.limits.of(limitsOf),
      connectionId: connection.id,
    };
  }

  private seal(credentials: Credentials): string {
    return this.secrets.seal(JSON.stringify(credentials));
  }

  /**
   * Re-seals every connection's credentials still sealed under an older key. Safe while the
   * platform runs: both keys open values until the old one is removed from configuration.
   */
  async resealAll(): Promise<number> {
    const em = this.em.fork();
    scopeToAllOrgs(em);
    const connections = await em.find(
      Connection,
      { sealedCredentials: { $ne: null } },
      { populate: ['sealedCredentials'] },
    );
    let resealed = 0;
    for (const connection of connections) {
      const sealed = connection.sealedCredentials as string;
      if (!this.secrets.isStale(sealed)) continue;
      const updated = await em.nativeUpdate(
        Connection,
        { id: connection.id, sealedCredentials: sealed },
        { sealedCredentials: this.secrets.seal(this.secrets.open(sealed)) },
      );
      resealed += updated;
      if (updated > 0) {
        await this.audit.record({
          orgId: connection.org.id,
          action: 'credentials.resealed',
          target: { type: 'connection', id: connection.id },
          detail: { integration: connection.integration },
        });
      }
    }

    return resealed;
  }

  /**
   * What is wrong with the credentials and settings of a new connection. `partial`: only the
   * fields given are checked (an OAuth flow obtains the rest from the vendor).
   */
  inputProblems(
    definition: ConnectorDefinition,
    input: { credentials: Credentials; settings?: Settings },
    partial = false,
  ): FieldProblem[] {
    const problems = this.credentialProblems(definition, input.credentials, partial);
    problems.push(...this.settingsProblems(definition, input.settings ?? {}));

    return problems;
  }

  /** What is wrong with a connection's settings, for a new connection or a change of them. */
  settingsProblems(definition: ConnectorDefinition, settings: Settings): FieldProblem[] {
    const problems = settingProblems(settings);
    for (const field of definition.settings) {
      const value = settings[field.name];
      if (field.options && value !== undefined && !field.options.includes(value)) {
        problems.push({
          field: `settings.${field.name}`,
          message: `must be one of ${field.options.join(', ')}`,
        });
      }
    }
    const messaging = definition.capabilities.notify && !definition.capabilities.batchUpsert;
    if (messaging && !settings.channel) {
      problems.push({ field: 'settings.channel', message: 'the channel that gets lead messages' });
    }
    // Settings come from the admin in every flow (an OAuth flow obtains only credentials).
    for (const field of definition.settings) {
      const name = `settings.${field.name}`;
      if (field.required && !settings[field.name] && !problems.some((p) => p.field === name)) {
        problems.push({ field: name, message: `${field.label} is required` });
      }
    }

    return problems;
  }

  /** The stored credentials of a connection, opened; empty once disconnected. */
  async credentialsOf(connectionId: string): Promise<Credentials> {
    // Callers name a connection they already own (or inspect as the platform), by id.
    const em = this.em.fork();
    scopeToAllOrgs(em);
    const connection = await em.findOneOrFail(
      Connection,
      { id: connectionId },
      { populate: ['sealedCredentials'] },
    );

    return this.open(connection.sealedCredentials);
  }

  private open(sealed: string | null | undefined): Credentials {
    return sealed ? (JSON.parse(this.secrets.open(sealed)) as Credentials) : {};
  }

  private credentialProblems(
    definition: ConnectorDefinition,
    credentials: Credentials,
    partial = false,
  ): FieldProblem[] {
    const known = new Set(definition.auth.fields.map((field) => field.name));
    const problems: FieldProblem[] = Object.entries(credentials).flatMap(([name, value]) =>
      !known.has(name)
        ? [{ field: `credentials.${name}`, message: 'unknown field' }]
        : typeof value !== 'string'
          ? [{ field: `credentials.${name}`, message: 'must be a string' }]
          : [],
    );
    for (const field of definition.auth.fields) {
      if (!partial && field.required && !credentials[field.name]) {
        problems.push({
          field: `credentials.${field.name}`,
          message: `${field.label} is required`,
        });
      }
    }

    return problems;
  }

  /** The connector said the credentials no longer work: hold the connection's leads. */
  async markNeedsReauth(connectionId: string, problem: NormalisedError): Promise<void> {
    await this.em
      .fork()
      .nativeUpdate(
        Connection,
        { id: connectionId },
        { status: ConnectionStatus.NeedsReauth, problem },
      );
    this.logger.warn(
      { connectionId, category: problem.category },
      'connection needs re-authorisation',
    );
  }
}
