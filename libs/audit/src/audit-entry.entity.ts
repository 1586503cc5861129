import { Entity, Index, ManyToOne, Property } from '@mikro-orm/core';
import { BaseEntity, OrgOwned } from '@libs/core';
import { Org } from '@libs/orgs';

/** What the audit log records: credential changes, and whatever Mobly staff do. */
export type AuditAction =
  | 'org.created'
  | 'api_key.created'
  | 'api_key.revoked'
  | 'connection.created'
  | 'connection.reauthorized'
  | 'connection.settings_changed'
  | 'connection.disconnected'
  | 'credentials.resealed'
  | 'shadow_run.started'
  | 'platform.switched'
  | 'platform.switch_scheduled'
  | 'platform.schedule_cancelled'
  | 'platform.switch_failed';

/** Plain facts about an action; never a credential, key or token. */
export type AuditDetail = Record<string, string | number | boolean | null>;

/** One recorded action: who did what to which record of which org, and when. */
@Entity({ tableName: 'audit_log' })
@Index({ properties: ['org', 'createdAt'] })
@OrgOwned()
export class AuditEntry extends BaseEntity {
  @ManyToOne(() => Org, { deleteRule: 'cascade' })
  org: Org;

  /** `api_key:<id>`, `jwt:<sub>`, `staff_key:<id>` or `system`. */
  @Property({ type: 'string', length: 200 })
  actor: string;

  @Property({ type: 'string', length: 60 })
  action: AuditAction;

  @Property({ type: 'string', length: 40 })
  targetType: string;

  @Property({ type: 'string', length: 120 })
  targetId: string;

  @Property({ type: 'json', nullable: true })
  detail?: AuditDetail | null;
}
