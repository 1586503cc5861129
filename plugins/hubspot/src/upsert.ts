import {
  chunk,
  ConnectorError,
  ERROR_CATEGORIES,
  type NormalisedError,
  type UpsertRecord,
  type UpsertResult,
} from '@libs/connector-sdk';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/companies';

import {
  readCurrent,
  writeGroups,
  type CrmObject,
  type GroupOutcome,
  type WriteGroup,
} from './batch';
import { BATCH_LIMIT, SEARCH_IN_LIMIT, SEARCH_PAGE_LIMIT } from './constants';
import { mapHubSpotError, toConnectorError } from './error-map';
import type { HubSpotSession } from './session';
import { compose, normaliseDomain, normaliseEmail, type Pending } from './values';

/** What happened to one input record. */
export type RecordOutcome =
  | { ok: true; id: string; action: 'created' | 'updated'; related?: Record<string, string> }
  | { ok: false; error: NormalisedError; callError?: ConnectorError };

interface Existing {
  id: string;
  properties: Record<string, string | null>;
}

/** The natural key of a record: its email (contacts) or its company domain (companies). */
function naturalKey(object: CrmObject, record: UpsertRecord): string | undefined {
  if (object === 'contacts') return normaliseEmail(record.matchEmail ?? record.values.email);

  return normaliseDomain(record.values.domain) ?? normaliseDomain(record.values.website);
}

/**
 * Writes one chunk (at most 100 records) of one object type: merges records that target the
 * same HubSpot object, then updates by id, upserts contacts by email and creates the rest.
 * Companies are matched by domain through search, as HubSpot has no upsert by domain (the
 * search index lags writes by seconds, so two calls racing on one new domain can both create
 * it). A record with neither a stored id nor an email or domain is created.
 */
class ChunkWriter {
  constructor(
    private readonly session: HubSpotSession,
    private readonly object: CrmObject,
    private readonly outcomes: Array<RecordOutcome | undefined>,
  ) {}

  async run(items: Pending[], allowRematch: boolean): Promise<void> {
    const keyOf = (item: Pending) => naturalKey(this.object, item.record);
    const keepFields = [...new Set(items.flatMap((item) => item.record.writeIfBlank ?? []))];

    const targets = new Map<string, string>();
    for (const item of items) {
      const key = keyOf(item);
      if (item.record.remoteId && key && !targets.has(key)) targets.set(key, item.record.remoteId);
    }
    const unmatched = items
      .filter((item) => !item.record.remoteId)
      .map(keyOf)
      .filter((key): key is string => key !== undefined && !targets.has(key));
    const found =
      this.object === 'companies'
        ? await this.searchByDomain([...new Set(unmatched)], keepFields)
        : new Map<string, Existing>();
    for (const [key, existing] of found) targets.set(key, existing.id);

    const groups = new Map<string, WriteGroup>();
    for (const item of items) {
      const key = keyOf(item);
      const id = item.record.remoteId || (key ? targets.get(key) : undefined);
      const groupKey = id ? `id:${id}` : key ? `key:${key}` : `new:${item.index}`;
      const group = groups.get(groupKey) ?? { members: [], properties: {}, id };
      if (!id && key && this.object === 'contacts') group.email = key;
      if (item.record.remoteId) group.fromRemoteId = true;
      group.members.push(item);
      groups.set(groupKey, group);
    }

    const current = await this.currentValues([...groups.values()], found, keepFields);
    for (const group of groups.values()) {
      const currentKey = group.id ?? group.email ?? '';
      group.properties = compose(group.members, current.get(currentKey) ?? {});
      // A company created from a website alone gets the domain it will be matched by.
      const key = keyOf(group.members[0]);
      if (this.object === 'companies' && key && !group.id && !group.properties.domain) {
        group.properties.domain = key;
      }
    }

    const all = [...groups.values()];
    const updates = all.filter((group) => group.id !== undefined);
    const upserts = all.filter((group) => group.id === undefined && group.email !== undefined);
    const creates = all.filter((group) => group.id === undefined && group.email === undefined);

    const rematch: Pending[] = [];
    const updated = await writeGroups(this.session, this.object, 'update', updates);
    updates.forEach((group, position) => {
      const outcome = updated[position];
      const gone = !outcome.ok && outcome.error.category === 'REMOTE_RECORD_NOT_FOUND';
      if (gone && allowRematch && group.fromRemoteId) rematch.push(...group.members);
      else this.settle(group, outcome);
    });
    const upserted = await writeGroups(this.session, this.object, 'upsert', upserts);
    upserts.forEach((group, position) => this.settle(group, upserted[position]));
    const created = await writeGroups(this.session, this.object, 'create', creates);
    creates.forEach((group, position) => this.settle(group, created[position]));

    if (rematch.length > 0) {
      const retried = rematch.map((item) => ({
        index: item.index,
        record: { ...item.record, remoteId: undefined },
      }));
      await this.run(retried, false);
    }
  }

  private settle(group: WriteGroup, outcome: GroupOutcome): void {
    group.members.forEach((item, position) => {
      this.outcomes[item.index] = outcome.ok
        ? {
            ok: true,
            id: outcome.id,
            // Later records of a merged group updated the object the first one wrote.
            action: outcome.created && position === 0 ? 'created' : 'updated',
          }
        : outcome;
    });
  }

  /** Current values of write-if-blank properties, keyed by record id or email. */
  private async currentValues(
    groups: WriteGroup[],
    found: Map<string, Existing>,
    keepFields: string[],
  ): Promise<Map<string, Record<string, string | null>>> {
    const current = new Map<string, Record<string, string | null>>();
    for (const existing of found.values()) current.set(existing.id, existing.properties);
    const needing = groups.filter((group) =>
      group.members.some((item) => (item.record.writeIfBlank ?? []).length > 0),
    );
    const ids = needing
      .map((group) => group.id)
      .filter((id): id is string => id !== undefined && !current.has(id));
    const emails = needing
      .filter((group) => group.id === undefined)
      .map((group) => group.email)
      .filter((email): email is string => email !== undefined);

    const byId = await readCurrent(this.session, this.object, 'id', ids, keepFields);
    for (const [id, values] of byId) current.set(id, values);
    const byEmail = await readCurrent(this.session, this.object, 'email', emails, keepFields);
    for (const [email, values] of byEmail) current.set(email, values);

    return current;
  }

  /** Existing companies by domain; several with one domain: the oldest (lowest id) is the match. */
  private async searchByDomain(
    domains: string[],
    keepFields: string[],
  ): Promise<Map<string, Existing>> {
    const found = new Map<string, Existing>();
    for (const values of chunk(domains, SEARCH_IN_LIMIT)) {
      let after: string | undefined;
      do {
        const page = after;
        // https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/companies/search/search-companies
        const response = await this.session.run((client) =>
          client.crm.companies.searchApi.doSearch({
            filterGroups: [
              { filters: [{ propertyName: 'domain', operator: FilterOperatorEnum.In, values }] },
            ],
            properties: [...new Set(['domain', ...keepFields])],
            limit: SEARCH_PAGE_LIMIT,
            ...(page === undefined ? {} : { after: page }),
          }),
        );
        for (const result of response.results) {
          const domain = normaliseDomain(result.properties.domain ?? '');
          const known = domain ? found.get(domain) : undefined;
          if (!domain || (known && Number(known.id) <= Number(result.id))) continue;
          found.set(domain, { id: result.id, properties: result.properties });
        }
        after = response.paging?.next?.after;
      } while (after !== undefined);
    }

    return found;
  }
}

/**
 * Writes records chunk by chunk. A failure of a whole call fails the records it carried; a
 * connection-level failure (dead grant) is thrown, and so is a call failure that failed every
 * record.
 */
export async function writeRecords(
  session: HubSpotSession,
  object: CrmObject,
  records: UpsertRecord[],
): Promise<RecordOutcome[]> {
  const outcomes: Array<RecordOutcome | undefined> = new Array(records.length);
  const pending = records.map((record, index) => ({ index, record }));
  for (const items of chunk(pending, BATCH_LIMIT)) {
    try {
      await new ChunkWriter(session, object, outcomes).run(items, true);
    } catch (error) {
      const failure = toConnectorError(error);
      if (ERROR_CATEGORIES[failure.category].connectionLevel) throw failure;
      for (const item of items) {
        outcomes[item.index] ??= { ok: false, error: failure.error, callError: failure };
      }
    }
  }

  return records.map(
    (_, index) =>
      outcomes[index] ?? {
        ok: false,
        error: mapHubSpotError({ code: 'UNKNOWN_ERROR', message: 'The record was not written' }),
      },
  );
}

/** Throws the call error when every record failed because a call failed; else the results. */
export function toResults(
  object: CrmObject,
  records: UpsertRecord[],
  outcomes: RecordOutcome[],
): UpsertResult[] {
  const callErrors = outcomes.map((outcome) => (outcome.ok ? undefined : outcome.callError));
  const first = callErrors[0];
  if (first && callErrors.every((error) => error !== undefined)) throw first;

  return records.map((record, index): UpsertResult => {
    const outcome = outcomes[index];

    return outcome.ok
      ? {
          key: record.key,
          ok: true,
          remoteId: outcome.id,
          action: outcome.action,
          object,
          ...(outcome.related ? { related: outcome.related } : {}),
        }
      : { key: record.key, ok: false, error: outcome.error };
  });
}
