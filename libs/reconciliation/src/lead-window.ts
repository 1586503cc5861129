import type { ErrorCategory } from '@libs/connector-sdk';

/** Which sync records of a connection a reconciliation query reads. */
export interface LeadWindowFilter {
  /** Leads captured at or after this time. */
  from?: Date;
  /** Leads captured before this time. */
  to?: Date;
  eventId?: string;
  /** Only records in these states; every state when left out. */
  states?: readonly string[];
  /** Only failures of this category. */
  category?: ErrorCategory;
}

/**
 * A WHERE clause over `sync_records sr` joined to `leads l`, and its parameters: one
 * connection of one org, narrowed by capture time, event, state and category.
 */
export function leadWindow(
  connectionId: string,
  orgId: string,
  filter: LeadWindowFilter,
): { sql: string; params: unknown[] } {
  const conditions = ['sr.connection_id = ?', 'sr.org_id = ?'];
  const params: unknown[] = [connectionId, orgId];
  if (filter.states?.length) {
    conditions.push(`sr.state IN (${filter.states.map(() => '?::sync_state').join(', ')})`);
    params.push(...filter.states);
  }
  if (filter.from) {
    conditions.push('l.captured_at >= ?');
    params.push(filter.from);
  }
  if (filter.to) {
    conditions.push('l.captured_at < ?');
    params.push(filter.to);
  }
  if (filter.eventId) {
    conditions.push('l.event_id = ?');
    params.push(filter.eventId);
  }
  if (filter.category) {
    conditions.push("coalesce(sr.error_category, 'UNKNOWN') = ?");
    params.push(filter.category);
  }

  return { sql: conditions.join(' AND '), params };
}
