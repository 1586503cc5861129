import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity, OrgOwned } from '@libs/core';
import { Connection } from '@libs/connections';
import { Lead } from '@libs/leads';
import { Org } from '@libs/orgs';

/**
 * The write ledger: what the vendor took for a lead on a connection, stored the moment the
 * connector answered, before anything else of the batch (campaign members, the outcome of each
 * record) is done. A replayed job whose outcome was never recorded finds the remote records here
 * — a lead without an email has nothing else they could be matched by.
 */
@Entity({ tableName: 'sync_writes' })
@Unique({ properties: ['connection', 'lead', 'object'] })
@OrgOwned()
export class SyncWrite extends BaseEntity {
  @ManyToOne(() => Org, { deleteRule: 'cascade' })
  org: Org;

  @ManyToOne(() => Connection, { deleteRule: 'cascade' })
  connection: Connection;

  @ManyToOne(() => Lead, { deleteRule: 'cascade' })
  lead: Lead;

  /** The object the host asked to write (the connection's persona object). */
  @Property({ type: 'string', length: 80 })
  object: string;

  /** Hash of the payload the vendor took (see `hashWithRelated`). */
  @Property({ type: 'string', length: 64 })
  payloadHash: string;

  /** The object the person was written as (a Salesforce Lead may be written as a Contact). */
  @Property({ type: 'string', length: 80 })
  writtenObject: string;

  /** Every remote id known after the write, by object: the person's and its related records'. */
  @Property({ type: 'json' })
  remoteIds: Record<string, string>;
}
