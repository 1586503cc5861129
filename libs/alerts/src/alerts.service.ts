import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { ErrorCategory } from '@libs/connector-sdk';
import { Connection, ConnectionsService } from '@libs/connections';
import { DomainError, ErrorCode, type Environment } from '@libs/core';
import { Event, type Org } from '@libs/orgs';
import { ConnectorRegistry } from '@libs/plugin-host';
import { errorCategoryInfo } from '@libs/reconciliation';
import { digestMessage, type CategoryCount } from './digest';
import { DigestPeriod, NotificationKind, NotificationRule } from './notification-rule.entity';

export interface CreateRuleInput {
  connectionId: string;
  kind: NotificationKind;
  period?: DigestPeriod;
  channel?: string;
  watchedConnectionIds?: string[];
  eventIds?: string[];
  answers?: Record<string, string[]>;
}

export interface DigestRun {
  ruleId: string;
  since: Date;
  until: Date;
  /** One message per watched connection that had new errors in the period. */
  messages: { connectionId: string; failed: number; ok: boolean; error?: string }[];
}

/** Notification rules of an org, and the digests their messaging connections post. */
@Injectable()
export class AlertsService {
  private readonly logger = new Logger(AlertsService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly connections: ConnectionsService,
    private readonly registry: ConnectorRegistry,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async create(org: Org, input: CreateRuleInput): Promise<NotificationRule> {
    const connection = await this.connections.get(org, input.connectionId);
    if (!this.registry.get(connection.integration).capabilities.notify) {
      throw DomainError.invalid([
        { field: 'connectionId', message: `${connection.integration} cannot post messages` },
      ]);
    }
    const digest = input.kind === NotificationKind.SyncErrorDigest;
    const problems = [
      ...(digest && !input.period
        ? [{ field: 'period', message: 'a digest needs a period: hourly or daily' }]
        : []),
      ...(!digest && input.watchedConnectionIds?.length
        ? [{ field: 'watchedConnectionIds', message: 'only digests watch connections' }]
        : []),
      ...(digest && (input.eventIds?.length || Object.keys(input.answers ?? {}).length)
        ? [{ field: 'eventIds', message: 'only lead alerts filter by event or answers' }]
        : []),
    ];
    if (problems.length > 0) throw DomainError.invalid(problems);
    const watched = [...new Set(input.watchedConnectionIds ?? [])];
    if ((await this.em.count(Connection, { id: { $in: watched }, org })) !== watched.length) {
      throw DomainError.invalid([
        { field: 'watchedConnectionIds', message: 'names a connection this org does not have' },
      ]);
    }
    const eventIds = [...new Set(input.eventIds ?? [])];
    if ((await this.em.count(Event, { id: { $in: eventIds }, org })) !== eventIds.length) {
      throw DomainError.invalid([
        { field: 'eventIds', message: 'names an event this org does not have' },
      ]);
    }
    const rule = this.em.create(NotificationRule, {
      org,
      connection,
      kind: input.kind,
      period: input.period ?? DigestPeriod.Hourly,
      channel: input.channel ?? null,
      watchedConnectionIds: watched,
      eventIds,
      answers: input.answers ?? {},
      // Errors from before the rule existed are not news.
      lastRunAt: new Date(),
    });
    await this.em.persist(rule).flush();

    return rule;
  }

  async list(org: Org): Promise<NotificationRule[]> {
    return this.em.find(NotificationRule, { org }, { orderBy: { createdAt: 'asc' } });
  }

  async remove(org: Org, id: string): Promise<void> {
    const rule = await this.get(org, id);
    await this.em.remove(rule).flush();
  }

  /** Posts the rule's digest now, for the errors since its last one. */
  async runNow(org: Org, id: string): Promise<DigestRun> {
    const rule = await this.get(org, id);
    if (rule.kind !== NotificationKind.SyncErrorDigest) {
      throw new DomainError(ErrorCode.Conflict, 'Lead alerts are posted as leads arrive');
    }
    const until = new Date();
    const since = rule.lastRunAt ?? rule.createdAt;
    rule.lastRunAt = until;
    await this.em.flush();

    return this.postOrReopen(rule.id, since, until);
  }

  /**
   * Posts every digest whose period has ended. Each due rule is claimed by moving its
   * `last_run_at` in one statement, so with many workers each period is posted once.
   */
  async runDue(now = new Date()): Promise<DigestRun[]> {
    const claimed: { id: string; since: Date }[] = await this.em.fork().execute(
      `WITH due AS (
         SELECT id, coalesce(last_run_at, created_at) AS since
           FROM notification_rules
          WHERE kind = 'sync_error_digest'
            AND coalesce(last_run_at, created_at)
                + CASE period WHEN 'daily' THEN interval '1 day' ELSE interval '1 hour' END <= ?
          FOR UPDATE SKIP LOCKED)
       UPDATE notification_rules nr SET last_run_at = ?, updated_at = now()
         FROM due WHERE nr.id = due.id
       RETURNING nr.id, due.since`,
      [now, now],
    );
    const runs: DigestRun[] = [];
    for (const row of claimed) {
      runs.push(await this.postOrReopen(row.id, new Date(row.since), now));
    }

    return runs;
  }

  private async get(org: Org, id: string): Promise<NotificationRule> {
    const rule = await this.em.findOne(NotificationRule, { id, org });
    if (!rule) throw DomainError.notFound('Notification rule', id);

    return rule;
  }

  /**
   * Posts the digest of a claimed period. When it could not be posted (Slack refused or was
   * unreachable), the period is handed back, so its errors go in the next digest instead of
   * being skipped; a connection whose part was posted then hears of them twice.
   */
  private async postOrReopen(ruleId: string, since: Date, until: Date): Promise<DigestRun> {
    let run: DigestRun | undefined;
    try {
      run = await this.post(ruleId, since, until);
    } finally {
      if (!run || run.messages.some((message) => !message.ok)) {
        await this.em
          .fork()
          .execute(
            'UPDATE notification_rules SET last_run_at = ? WHERE id = ? AND last_run_at = ?',
            [since, ruleId, until],
          );
      }
    }

    return run;
  }

  private async post(ruleId: string, since: Date, until: Date): Promise<DigestRun> {
    const em = this.em.fork();
    const rule = await em.findOneOrFail(
      NotificationRule,
      { id: ruleId },
      { populate: ['connection'] },
    );
    const poster = rule.connection;
    const watched = await em.find(Connection, {
      org: rule.org,
      ...(rule.watchedConnectionIds.length > 0
        ? { id: { $in: rule.watchedConnectionIds } }
        : { id: { $ne: poster.id } }),
    });
    const run: DigestRun = { ruleId, since, until, messages: [] };
    if (watched.length === 0) return run;

    const rows: { connection_id: string; category: ErrorCategory; count: string }[] =
      await em.execute(
        `SELECT connection_id, coalesce(error_category, 'UNKNOWN') AS category, count(*) AS count
           FROM sync_records
          WHERE connection_id = ANY(?::uuid[]) AND state = 'failed'
            AND updated_at > ? AND updated_at <= ?
          GROUP BY 1, 2
          ORDER BY 3 DESC, 2`,
        [`{${watched.map((connection) => connection.id).join(',')}}`, since, until],
      );
    const channel = rule.channel ?? String(poster.settings.channel ?? '');
    const digests = watched.flatMap((connection) => {
      const categories: CategoryCount[] = rows
        .filter((row) => row.connection_id === connection.id)
        .map((row) => {
          const info = errorCategoryInfo(row.category);

          return {
            category: row.category,
            count: Number(row.count),
            description: info.title,
            helpPath: info.helpUrl,
          };
        });
      if (categories.length === 0) return [];

      return [
        {
          connectionId: connection.id,
          failed: categories.reduce((sum, category) => sum + category.count, 0),
          message: digestMessage({
            ruleId,
            connectionId: connection.id,
            connectionName: this.nameOf(connection),
            period: rule.period,
            until,
            channel,
            publicUrl: this.config.get('PUBLIC_URL'),
            categories,
          }),
        },
      ];
    });
    if (digests.length === 0) return run;

    const client = await this.connections.clientFor(poster.id);
    if (!client.notify) throw new Error(`${poster.integration} cannot post messages`);
    const results = await client.notify(digests.map((digest) => digest.message));
    results.forEach((result, index) => {
      const { connectionId, failed } = digests[index];
      run.messages.push(
        result.ok
          ? { connectionId, failed, ok: true }
          : { connectionId, failed, ok: false, error: result.error.category },
      );
    });
    this.logger.log(
      { ruleId, orgId: rule.org.id, connectionId: poster.id, messages: run.messages.length },
      'sync-error digest posted',
    );

    return run;
  }

  private nameOf(connection: Connection): string {
    const name = this.registry.get(connection.integration).displayName;

    return connection.account ? `${name} (${connection.account})` : name;
  }
}
