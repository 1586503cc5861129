import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Credentials } from '@libs/connector-sdk';
import {
  ConnectionPlatform,
  ConnectionsService,
  ConnectionStatus,
  OAuthService,
  SyncMode,
  type Connection,
  type OAuthCallback,
} from '@libs/connections';
import { DomainError, ErrorCode, runInOrgScope, type Principal } from '@libs/core';
import { Org } from '@libs/orgs';
import { SyncScheduler } from './sync-scheduler';

export interface PushSelection {
  leadIds?: string[];
  eventId?: string;
}

/** Which held state each sync mode keeps its waiting leads in. */
const HELD_STATE: Record<SyncMode, string | null> = {
  [SyncMode.Automatic]: null,
  [SyncMode.Manual]: 'frozen',
  [SyncMode.Disabled]: 'paused',
};

/** Sync modes of a connection, and the admin's manual push of held leads. */
@Injectable()
export class SyncModesService {
  constructor(
    private readonly em: EntityManager,
    private readonly connections: ConnectionsService,
    private readonly oauth: OAuthService,
    private readonly scheduler: SyncScheduler,
  ) {}

  /**
   * The vendor sent the admin back from the OAuth consent page: exchanges the code, then creates
   * the connection, or re-authorises the one the state was issued for (its held leads sync).
   */
  async completeAuthorization(callback: OAuthCallback): Promise<Connection> {
    // No caller to scope by: the state is claimed first, then the work runs as its org.
    const done = await runInOrgScope(this.em, { allOrgs: true }, () =>
      this.oauth.complete(callback),
    );

    return runInOrgScope(this.em, { orgId: done.org.id }, async () => {
      const org = await this.em.findOneOrFail(Org, { id: done.org.id });
      if (done.connectionId) {
        return this.reauthorize(org, done.connectionId, done.credentials);
      }
      const created = await this.connections.create(org, {
        integration: done.integration,
        credentials: done.credentials,
        settings: done.settings,
      });

      return this.connections.get(org, created.id);
    });
  }

  /**
   * Switches the mode and moves every waiting lead to the new mode's state: automatic flushes
   * what manual or disabled held; manual freezes and disabled pauses whatever waits.
   * Returns how many leads moved. Legacy connections stay automatic: another mode is refused.
   */
  async setMode(org: Org, connectionId: string, mode: SyncMode): Promise<number> {
    const connection = await this.connections.get(org, connectionId);
    if (connection.platform === ConnectionPlatform.Legacy && mode !== SyncMode.Automatic) {
      throw new DomainError(
        ErrorCode.Conflict,
        'Legacy integrations always sync automatically; their sync mode cannot change',
        { connectionId: connection.id, platform: connection.platform },
      );
    }
    const held = HELD_STATE[mode];
    const moved = await this.em.transactional(async (em) => {
      await em.execute('UPDATE connections SET sync_mode = ?, updated_at = now() WHERE id = ?', [
        mode,
        connection.id,
      ]);
      const rows: unknown[] = held
        ? await em.execute(
            `UPDATE sync_records SET state = ?::sync_state, updated_at = now()
              WHERE connection_id = ? AND state <> ?::sync_state
                AND state IN ('queued', 'awaiting_enrichment', 'frozen', 'paused')
              RETURNING id`,
            [held, connection.id, held],
          )
        : await em.execute(
            `UPDATE sync_records SET state = 'queued', due_at = now(), attempts = 0,
                    updated_at = now()
              WHERE connection_id = ? AND state IN ('frozen', 'paused')
              RETURNING id`,
            [connection.id],
          );

      return rows.length;
    });
    await this.em.refresh(connection);
    if (!held && moved > 0) await this.scheduler.kick(connection.id);

    return moved;
  }

  /** New credentials; once they test fine, the leads held meanwhile sync without a retry. */
  async reauthorize(
    org: Org,
    connectionId: string,
    credentials: Credentials,
    actor?: Principal,
  ): Promise<Connection> {
    const connection = await this.connections.reauthorize(org, connectionId, credentials, actor);
    if (connection.status === ConnectionStatus.Connected) {
      // Leads paused while disconnected take the mode's state again; queued ones sync now.
      await this.setMode(org, connection.id, connection.syncMode);
      await this.scheduler.kick(connection.id);
    }

    return connection;
  }

  /** Erases the credentials and holds every waiting lead as Paused: nothing is dropped. */
  async disconnect(org: Org, connectionId: string, actor?: Principal): Promise<Connection> {
    const connection = await this.connections.disconnect(org, connectionId, actor);
    await this.em.execute(
      `UPDATE sync_records SET state = 'paused', updated_at = now()
        WHERE connection_id = ? AND state IN ('queued', 'awaiting_enrichment', 'frozen')`,
      [connection.id],
    );

    return connection;
  }

  /** Manual mode: pushes frozen leads — one, a selection, or a whole event. */
  async push(org: Org, connectionId: string, selection: PushSelection): Promise<number> {
    const connection = await this.connections.get(org, connectionId);
    if (!selection.leadIds?.length && !selection.eventId) {
      throw DomainError.invalid([
        { field: 'leadIds', message: 'name the leads to push, or an eventId' },
      ]);
    }
    const conditions = ['sr.connection_id = ?', "sr.state = 'frozen'"];
    const params: unknown[] = [connection.id];
    if (selection.leadIds?.length) {
      conditions.push(`sr.lead_id IN (${selection.leadIds.map(() => '?').join(', ')})`);
      params.push(...selection.leadIds);
    }
    if (selection.eventId) {
      conditions.push('l.event_id = ?');
      params.push(selection.eventId);
    }
    const rows: unknown[] = await this.em.execute(
      `UPDATE sync_records sr SET state = 'queued', due_at = now(), attempts = 0, updated_at = now()
         FROM leads l
        WHERE l.id = sr.lead_id AND ${conditions.join(' AND ')}
        RETURNING sr.id`,
      params,
    );
    if (rows.length > 0) await this.scheduler.kick(connection.id);

    return rows.length;
  }
}
