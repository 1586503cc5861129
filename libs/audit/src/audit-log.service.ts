import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { actorOf, type Principal } from '@libs/core';
import { AuditEntry, type AuditAction, type AuditDetail } from './audit-entry.entity';

export interface AuditRecord {
  orgId: string;
  /** The caller; none for the platform's own work (key rotation, background refreshes). */
  actor?: Principal;
  action: AuditAction;
  target: { type: string; id: string };
  detail?: AuditDetail;
}

export interface AuditPage {
  limit: number;
  offset: number;
}

/** Writes and reads the audit log. Entries are only ever added. */
@Injectable()
export class AuditLog {
  private readonly logger = new Logger(AuditLog.name);

  constructor(private readonly em: EntityManager) {}

  async record(entry: AuditRecord): Promise<void> {
    const em = this.em.fork();
    const actor = entry.actor ? actorOf(entry.actor) : 'system';
    em.create(AuditEntry, {
      org: entry.orgId,
      actor,
      action: entry.action,
      targetType: entry.target.type,
      targetId: entry.target.id,
      detail: entry.detail ?? null,
    });
    await em.flush();
    this.logger.log({ orgId: entry.orgId, actor, action: entry.action }, 'audited');
  }

  /** The org's entries, newest first (the org filter keeps other orgs' out). */
  async list(orgId: string, page: AuditPage): Promise<AuditEntry[]> {
    return this.em.find(
      AuditEntry,
      { org: orgId },
      { orderBy: { createdAt: 'desc', id: 'desc' }, limit: page.limit, offset: page.offset },
    );
  }
}
