import {
  chunk,
  ERROR_CATEGORIES,
  type ConnectorClient,
  type Credentials,
  type FieldValue,
  type NormalisedError,
  type ObjectName,
  type RemoteSchema,
  type TestConnectionResult,
  type UpsertRecord,
  type UpsertResult,
} from '@libs/connector-sdk';
import type { SaveResult } from 'jsforce';

import { LegacyCallError } from '../errors';
import { normaliseThrown, saveError, toCallError } from './errors';
import type { LegacySalesforceSession } from './session';

/** sObject Collections accept at most 200 records per request. */
export const COLLECTION_BATCH_LIMIT = 200;

/** The objects a legacy Salesforce panel writes, and how a person is found by email. */
export const LEGACY_SALESFORCE_OBJECTS: Record<string, { condition?: string }> = {
  Lead: { condition: 'IsConverted = false' },
  Contact: {},
};

function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function emailOf(record: UpsertRecord): string | undefined {
  const email = (record.matchEmail ?? '').trim().toLowerCase();

  return email || undefined;
}

interface Group {
  id?: string;
  members: Array<{ index: number; record: UpsertRecord }>;
}

/**
 * A legacy Salesforce org, per connection: writes Leads or Contacts with the legacy matching
 * (the stored record id, else an open record with the same email) through sObject Collections.
 */
export class LegacySalesforceClient implements ConnectorClient {
  constructor(private readonly session: LegacySalesforceSession) {}

  async testConnection(): Promise<TestConnectionResult> {
    try {
      // https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_openid.htm
      const identity = await this.session.run((conn) => conn.identity());

      return {
        ok: true,
        account: `${identity.username} (org ${identity.organization_id})`,
        accountId: `org:${identity.organization_id}`,
      };
    } catch (error) {
      return { ok: false, error: normaliseThrown(error) };
    }
  }

  async refreshCredentials(): Promise<Credentials> {
    try {
      await this.session.login();
    } catch (error) {
      throw toCallError(error);
    }

    return this.session.current;
  }

  /** Legacy integrations never read the remote schema: the vendor judges every record. */
  describe(object: ObjectName): Promise<RemoteSchema> {
    this.assertObject(object);

    return Promise.resolve({ object, fields: [] });
  }

  async upsert(object: ObjectName, records: UpsertRecord[]): Promise<UpsertResult[]> {
    this.assertObject(object);
    const results: Array<UpsertResult | undefined> = new Array(records.length);
    let callError: LegacyCallError | undefined;
    let failedByCall = 0;
    for (const part of chunk(
      records.map((record, index) => ({ index, record })),
      COLLECTION_BATCH_LIMIT,
    )) {
      try {
        await this.writeChunk(object, part, results);
      } catch (error) {
        const failure = toCallError(error);
        if (ERROR_CATEGORIES[failure.category].connectionLevel) throw failure;
        callError ??= failure;
        for (const item of part) {
          if (results[item.index]) continue;
          results[item.index] = { key: item.record.key, ok: false, error: failure.error };
          failedByCall += 1;
        }
      }
    }
    if (callError && failedByCall === records.length) throw callError;

    return records.map(
      (record, index) =>
        results[index] ?? {
          key: record.key,
          ok: false,
          error: saveError({ statusCode: 'UNKNOWN_ERROR', message: 'The record was not written' }),
        },
    );
  }

  private async writeChunk(
    object: ObjectName,
    items: Array<{ index: number; record: UpsertRecord }>,
    results: Array<UpsertResult | undefined>,
  ): Promise<void> {
    const lookup = [
      ...new Set(
        items.filter((item) => !item.record.remoteId).flatMap((item) => emailOf(item.record) ?? []),
      ),
    ];
    const existing = await this.findByEmail(object, lookup);

    const groups = new Map<string, Group>();
    for (const item of items) {
      const email = emailOf(item.record);
      const id = item.record.remoteId || (email ? existing.get(email) : undefined);
      const key = id ? `id:${id}` : email ? `email:${email}` : `new:${item.index}`;
      const group = groups.get(key) ?? { id, members: [] };
      group.members.push(item);
      groups.set(key, group);
    }
    const all = [...groups.values()];
    const updates = all.filter((group) => group.id !== undefined);
    const creates = all.filter((group) => group.id === undefined);
    const valuesOf = (group: Group) =>
      Object.assign({}, ...group.members.map((item) => item.record.values)) as Record<
        string,
        FieldValue
      >;

    if (updates.length > 0) {
      // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_update.htm
      const saved = await this.session.run((conn) =>
        conn.sobject(object).update(
          updates.map((group) => ({ ...valuesOf(group), Id: group.id ?? '' })),
          { allOrNone: false },
        ),
      );
      updates.forEach((group, position) =>
        this.settle(object, group, saved[position], 'updated', results),
      );
    }
    if (creates.length > 0) {
      // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_create.htm
      const saved = await this.session.run((conn) =>
        conn.sobject(object).create(creates.map(valuesOf), { allOrNone: false }),
      );
      creates.forEach((group, position) =>
        this.settle(object, group, saved[position], 'created', results),
      );
    }
  }

  private settle(
    object: ObjectName,
    group: Group,
    saved: SaveResult | undefined,
    action: 'created' | 'updated',
    results: Array<UpsertResult | undefined>,
  ): void {
    let error: NormalisedError | undefined;
    if (!saved?.success) {
      const first = saved && !saved.success ? saved.errors[0] : undefined;
      error = saveError(
        first ?? { statusCode: 'UNKNOWN_ERROR', message: 'Salesforce returned no result' },
      );
    }
    group.members.forEach((item, position) => {
      results[item.index] =
        saved?.success && error === undefined
          ? {
              key: item.record.key,
              ok: true,
              remoteId: saved.id,
              action: position === 0 ? action : 'updated',
              object,
            }
          : { key: item.record.key, ok: false, error: error as NormalisedError };
    });
  }

  /** Open records by email, the earliest created first; one SOQL query per chunk. */
  private async findByEmail(object: ObjectName, emails: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    if (emails.length === 0) return found;
    const condition = LEGACY_SALESFORCE_OBJECTS[object]?.condition;
    const soql =
      `SELECT Id, Email FROM ${object} WHERE Email IN (${emails.map(soqlString).join(', ')})` +
      `${condition ? ` AND ${condition}` : ''} ORDER BY CreatedDate ASC, Id ASC`;
    // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
    const result = await this.session.run((conn) =>
      conn.query<{ Id: string; Email: string | null }>(soql, { autoFetch: true, maxFetch: 10_000 }),
    );
    for (const row of result.records) {
      const email = row.Email?.trim().toLowerCase();
      if (email && !found.has(email)) found.set(email, row.Id);
    }

    return found;
  }

  private assertObject(object: ObjectName): void {
    if (object in LEGACY_SALESFORCE_OBJECTS) return;
    throw new LegacyCallError({
      kind: 'permanent',
      code: 'INVALID_TYPE',
      message: `The legacy Salesforce integration writes ${Object.keys(LEGACY_SALESFORCE_OBJECTS).join(' and ')}, not ${object}`,
    });
  }
}
