import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditLog } from '@libs/audit';
import { ConnectionPlatform } from '@libs/connections';
import { actorOf, DomainError, ErrorCode, type Principal } from '@libs/core';
import { Org } from '@libs/orgs';
import {
  legacySunsetPassed,
  SYNC_OPTIONS,
  SyncScheduler,
  SyncService,
  type SyncOptions,
} from '@libs/sync';
import { CATEGORY_LABELS, MIGRATED_CATEGORIES, type MigratedCategory } from './categories';
import { OrgPlatform } from './org-platform.entity';
import { OrgPlatforms } from './org-platforms.service';

export interface SwitchRequest {
  orgId: string;
  category: MigratedCategory;
  to: ConnectionPlatform;
  /** Apply at this time (a low-traffic window) instead of now. */
  at?: Date;
  /** The staff caller; none for a scheduled switch the workers apply. */
  actor?: Principal;
}

/** A scheduled switch the workers apply: the caller who scheduled it, as audited. */
interface ScheduledSwitch {
  scheduledAt: Date;
  scheduledBy: string | null;
}

const label = (category: MigratedCategory): string => CATEGORY_LABELS[category];

const platformName = (platform: ConnectionPlatform): string =>
  platform === ConnectionPlatform.New ? 'the new platform' : 'legacy';

/**
 * Moves an org's category between the legacy and the new platform: now, at a scheduled time,
 * or back (a rollback is a switch to legacy). Categories move in order — CRM, then marketing
 * automation, then communication — and back in the reverse order.
 */
@Injectable()
export class PlatformSwitch {
  private readonly logger = new Logger(PlatformSwitch.name);

  constructor(
    private readonly em: EntityManager,
    private readonly platforms: OrgPlatforms,
    private readonly scheduler: SyncScheduler,
    private readonly sync: SyncService,
    private readonly audit: AuditLog,
    @Inject(SYNC_OPTIONS) private readonly options: SyncOptions,
  ) {}

  /** Switches now, or schedules the switch when `at` is given. */
  async request(request: SwitchRequest): Promise<OrgPlatform> {
    await this.orgOrFail(request.orgId);
    await this.platforms.of(request.orgId);

    if (request.at) return this.schedule(request, request.at);
    const { row } = await this.switchNow(request);

    return row;
  }

  /** Cancels the category's scheduled switch. */
  async cancel(orgId: string, category: MigratedCategory, actor: Principal): Promise<OrgPlatform> {
    await this.orgOrFail(orgId);
    await this.platforms.of(orgId);
    const cancelled = await this.em.transactional(async (em) => {
      const row = await this.lockedRow(em, orgId, category);
      if (!row.scheduledAt || !row.scheduledPlatform) {
        throw new DomainError(ErrorCode.Conflict, `No switch of ${label(category)} is scheduled`);
      }
      const was = { platform: row.scheduledPlatform, at: row.scheduledAt.toISOString() };
      this.clearSchedule(row);
      await em.flush();

      return { row, was };
    });
    await this.audit.record({
      orgId,
      actor,
      action: 'platform.schedule_cancelled',
      target: { type: 'org_platform', id: cancelled.row.id },
      detail: { category, to: cancelled.was.platform, at: cancelled.was.at },
    });

    return cancelled.row;
  }

  /** Applies every scheduled switch that is due; each one that cannot apply says why. */
  async applyDue(now = new Date()): Promise<number> {
    const due: { org_id: string; category: MigratedCategory }[] = await this.em.execute(
      `SELECT org_id, category FROM org_platforms
        WHERE scheduled_at IS NOT NULL AND scheduled_at <= ? ORDER BY scheduled_at`,
      [now],
    );
    let applied = 0;
    for (const { org_id: orgId, category } of due) {
      try {
        if (await this.applyScheduled(orgId, category, now)) applied += 1;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        await this.scheduleFailed(orgId, category, error.detail);
      }
    }

    return applied;
  }

  /**
   * Past the legacy sunset: every waiting lead of a legacy connection is Paused, and the paused
   * leads of categories already on the new platform move to its connections (once the org has
   * connected one).
   */
  async enforceSunset(): Promise<{ paused: number; handedOver: number }> {
    if (!legacySunsetPassed(this.options)) return { paused: 0, handedOver: 0 };
    const paused = await this.sync.pauseSunsetLegacy(this.em);
    const waiting: { org_id: string; category: MigratedCategory }[] = await this.em.execute(
      `SELECT DISTINCT c.org_id, c.category
         FROM sync_records sr
         JOIN connections c ON c.id = sr.connection_id
         JOIN org_platforms p ON p.org_id = c.org_id AND p.category = c.category
        WHERE c.platform = 'legacy' AND sr.state = 'paused' AND p.platform = 'new'
          AND EXISTS (SELECT 1 FROM connections n
                       WHERE n.org_id = c.org_id AND n.category = c.category
                         AND n.platform = 'new')`,
    );
    let handedOver = 0;
    for (const { org_id: orgId, category } of waiting) {
      const moved = await this.em.transactional(async (em) => {
        const row = await this.lockedRow(em, orgId, category);
        if (row.platform !== ConnectionPlatform.New) return { leads: 0, due: new Map() };

        return this.handOverPaused(em, orgId, category);
      });
      await this.scheduler.kickAll(moved.due);
      handedOver += moved.leads;
    }

    return { paused, handedOver };
  }

  /** Switches now; `applied` is false when a scheduled switch was applied or changed meanwhile. */
  private async switchNow(
    request: SwitchRequest,
    scheduled?: ScheduledSwitch,
  ): Promise<{ row: OrgPlatform; applied: boolean }> {
    const { orgId, category, to } = request;
    const done = await this.em.transactional(async (em) => {
      // Every row of the org, in one order: switches of two categories serialise (the order
      // between categories holds), and ingests holding a share lock finish first.
      const rows = await em.find(
        OrgPlatform,
        { org: orgId },
        { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' }, refresh: true },
      );
      const row = rows.find((candidate) => candidate.category === category) as OrgPlatform;
      if (scheduled && row.scheduledAt?.getTime() !== scheduled.scheduledAt.getTime()) {
        // Another worker applied it, or staff changed it meanwhile.
        return { row, applied: false as const };
      }
      if (row.platform === to) {
        throw new DomainError(
          ErrorCode.Conflict,
          `${label(category)} is already on ${platformName(to)}`,
        );
      }
      this.checkSunset(to);
      this.checkOrder(rows, category, to);
      const from = row.platform;
      row.platform = to;
      row.switchedAt = new Date();
      row.scheduleProblem = null;
      this.clearSchedule(row);
      await em.flush();
      const handed =
        to === ConnectionPlatform.New && legacySunsetPassed(this.options)
          ? await this.handOverPaused(em, orgId, category)
          : { leads: 0, due: new Map<string, Date>() };

      return { row, from, handed, applied: true as const };
    });
    if (!done.applied) return done;

    await this.scheduler.kickAll(done.handed.due);
    await this.audit.record({
      orgId,
      actor: scheduled ? undefined : request.actor,
      action: 'platform.switched',
      target: { type: 'org_platform', id: done.row.id },
      detail: {
        category,
        from: done.from,
        to,
        rollback: to === ConnectionPlatform.Legacy,
        watermark: (done.row.switchedAt as Date).toISOString(),
        ...(scheduled ? { scheduledBy: scheduled.scheduledBy } : {}),
        ...(done.handed.leads > 0 ? { pausedLeadsMoved: done.handed.leads } : {}),
      },
    });
    this.logger.log({ orgId, category, from: done.from, to }, 'platform switched');

    return done;
  }

  private async schedule(request: SwitchRequest, at: Date): Promise<OrgPlatform> {
    const { orgId, category, to } = request;
    if (at.getTime() <= Date.now()) {
      throw DomainError.invalid([{ field: 'at', message: 'must be in the future' }]);
    }
    const row = await this.em.transactional(async (em) => {
      const rows = await em.find(
        OrgPlatform,
        { org: orgId },
        { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' }, refresh: true },
      );
      const scheduled = rows.find((candidate) => candidate.category === category) as OrgPlatform;
      if (scheduled.platform === to) {
        throw new DomainError(
          ErrorCode.Conflict,
          `${label(category)} is already on ${platformName(to)}`,
        );
      }
      if (
        to === ConnectionPlatform.Legacy &&
        this.options.legacySunsetAt &&
        at >= this.options.legacySunsetAt
      ) {
        throw DomainError.invalid([{ field: 'at', message: 'is past the legacy sunset' }]);
      }
      this.checkOrder(rows, category, to, at);
      scheduled.scheduledPlatform = to;
      scheduled.scheduledAt = at;
      scheduled.scheduledBy = request.actor ? actorOf(request.actor) : null;
      scheduled.scheduleProblem = null;
      await em.flush();

      return scheduled;
    });
    await this.audit.record({
      orgId,
      actor: request.actor,
      action: 'platform.switch_scheduled',
      target: { type: 'org_platform', id: row.id },
      detail: { category, to, at: at.toISOString() },
    });

    return row;
  }

  /** Applies one due scheduled switch; false when there was nothing (left) to apply. */
  private async applyScheduled(
    orgId: string,
    category: MigratedCategory,
    now: Date,
  ): Promise<boolean> {
    const row = await this.em.findOneOrFail(
      OrgPlatform,
      { org: orgId, category },
      { refresh: true },
    );
    if (!row.scheduledAt || !row.scheduledPlatform || row.scheduledAt > now) return false;
    const { applied } = await this.switchNow(
      { orgId, category, to: row.scheduledPlatform },
      { scheduledAt: row.scheduledAt, scheduledBy: row.scheduledBy ?? null },
    );

    return applied;
  }

  private async scheduleFailed(
    orgId: string,
    category: MigratedCategory,
    why: string,
  ): Promise<void> {
    const row = await this.em.transactional(async (em) => {
      const locked = await this.lockedRow(em, orgId, category);
      const detail = {
        category,
        to: locked.scheduledPlatform ?? null,
        at: locked.scheduledAt?.toISOString() ?? null,
        scheduledBy: locked.scheduledBy ?? null,
        reason: why,
      };
      this.clearSchedule(locked);
      locked.scheduleProblem = why;
      await em.flush();

      return { id: locked.id, detail };
    });
    this.logger.warn({ orgId, category, reason: why }, 'scheduled platform switch not applied');
    await this.audit.record({
      orgId,
      action: 'platform.switch_failed',
      target: { type: 'org_platform', id: row.id },
      detail: row.detail,
    });
  }

  /**
   * Categories move to the new platform in order (CRM first) and back in reverse order (CRM
   * last). For a scheduled switch, a category scheduled to move by then counts as moved.
   */
  private checkOrder(
    rows: OrgPlatform[],
    category: MigratedCategory,
    to: ConnectionPlatform,
    at?: Date,
  ): void {
    const index = MIGRATED_CATEGORIES.indexOf(category);
    const others =
      to === ConnectionPlatform.New
        ? MIGRATED_CATEGORIES.slice(0, index)
        : MIGRATED_CATEGORIES.slice(index + 1);
    for (const other of others) {
      const row = rows.find((candidate) => candidate.category === other);
      if (!row || row.platform === to) continue;
      const movesBefore =
        at && row.scheduledPlatform === to && row.scheduledAt && row.scheduledAt <= at;
      if (movesBefore) continue;
      const order =
        to === ConnectionPlatform.New
          ? `${label(other)} moves to the new platform before ${label(category)}`
          : `${label(other)} goes back to legacy before ${label(category)}`;
      throw new DomainError(
        ErrorCode.Conflict,
        `${order}; it is still on ${platformName(row.platform)}`,
        {
          blockedBy: other,
        },
      );
    }
  }

  private checkSunset(to: ConnectionPlatform): void {
    if (to === ConnectionPlatform.Legacy && legacySunsetPassed(this.options)) {
      throw new DomainError(
        ErrorCode.Conflict,
        'The legacy integrations are past their sunset; nothing can move back to legacy',
      );
    }
  }

  /**
   * Leads held as Paused on the category's legacy connections past the sunset go to its
   * new-platform connections (carrying the remote ids legacy stored); their legacy records go
   * once a new one exists. Leads stay where they are while the org has no such connection.
   */
  private async handOverPaused(
    em: EntityManager,
    orgId: string,
    category: MigratedCategory,
  ): Promise<{ leads: number; due: Map<string, Date> }> {
    const paused: { lead_id: string }[] = await em.execute(
      `SELECT DISTINCT sr.lead_id FROM sync_records sr
         JOIN connections c ON c.id = sr.connection_id
        WHERE c.org_id = ? AND c.category = ? AND c.platform = 'legacy' AND sr.state = 'paused'`,
      [orgId, category],
    );
    if (paused.length === 0) return { leads: 0, due: new Map() };
    const due = await this.scheduler.scheduleLeads(
      em,
      paused.map((row) => row.lead_id),
    );
    const moved: unknown[] = await em.execute(
      `DELETE FROM sync_records sr USING connections c
        WHERE c.id = sr.connection_id AND c.org_id = ? AND c.category = ?
          AND c.platform = 'legacy' AND sr.state = 'paused'
          AND EXISTS (SELECT 1 FROM sync_records n JOIN connections nc ON nc.id = n.connection_id
                       WHERE n.lead_id = sr.lead_id AND nc.category = c.category
                         AND nc.platform = 'new')
        RETURNING sr.lead_id`,
      [orgId, category],
    );

    return { leads: new Set(moved.map((row) => (row as { lead_id: string }).lead_id)).size, due };
  }

  private async lockedRow(
    em: EntityManager,
    orgId: string,
    category: MigratedCategory,
  ): Promise<OrgPlatform> {
    const options = em.isInTransaction()
      ? { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true }
      : { refresh: true };

    return em.findOneOrFail(OrgPlatform, { org: orgId, category }, options);
  }

  private clearSchedule(row: OrgPlatform): void {
    row.scheduledPlatform = null;
    row.scheduledAt = null;
    row.scheduledBy = null;
  }

  private async orgOrFail(orgId: string): Promise<void> {
    if (!(await this.em.findOne(Org, { id: orgId }))) throw DomainError.notFound('Org', orgId);
  }
}
