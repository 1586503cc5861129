import {
  chunk,
  ERROR_CATEGORIES,
  type MatchRecord,
  type MatchResult,
  type ObjectName,
} from '@libs/connector-sdk';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/contacts';

import { readCurrent, type CrmObject } from './batch';
import { BATCH_LIMIT, SEARCH_IN_LIMIT, SEARCH_PAGE_LIMIT } from './constants';
import { toConnectorError } from './error-map';
import type { HubSpotSession } from './session';
import { normaliseEmail } from './values';

/** Contacts by email through search; several with one email: the oldest (lowest id). */
async function searchByEmail(session: HubSpotSession, emails: string[]) {
  const found = new Map<string, string>();
  for (const values of chunk(emails, SEARCH_IN_LIMIT)) {
    let after: string | undefined;
    do {
      const page = after;
      // https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/search/search-contacts
      const response = await session.run((client) =>
        client.crm.contacts.searchApi.doSearch({
          filterGroups: [
            { filters: [{ propertyName: 'email', operator: FilterOperatorEnum.In, values }] },
          ],
          properties: ['email'],
          limit: SEARCH_PAGE_LIMIT,
          ...(page === undefined ? {} : { after: page }),
        }),
      );
      for (const result of response.results) {
        const email = normaliseEmail(result.properties.email ?? '');
        const known = email ? found.get(email) : undefined;
        if (!email || (known && Number(known) <= Number(result.id))) continue;
        found.set(email, result.id);
      }
      after = response.paging?.next?.after;
    } while (after !== undefined);
  }

  return found;
}

/**
 * Finds, with read calls only, the object `upsert` would update for each input: a stored id
 * HubSpot still has (batch read), else for contacts one with the email (search), else none —
 * `upsert` would create one. Companies without a stored id are matched by domain at write time,
 * which a match request does not carry: they answer none.
 */
export async function matchRecords(
  session: HubSpotSession,
  object: CrmObject,
  records: MatchRecord[],
): Promise<MatchResult[]> {
  const results: MatchResult[] = [];
  const name: ObjectName = object;
  for (const part of chunk(records, BATCH_LIMIT)) {
    try {
      const storedIds = [...new Set(part.flatMap((record) => record.remoteId ?? []))];
      const existing = await readCurrent(session, object, 'id', storedIds, ['hs_object_id']);
      const emailOf = (record: MatchRecord) =>
        object === 'contacts' ? normaliseEmail(record.matchEmail) : undefined;
      const lookups = part
        .filter((record) => !(record.remoteId && existing.has(record.remoteId)))
        .map(emailOf)
        .filter((email): email is string => email !== undefined);
      const byEmail = await searchByEmail(session, [...new Set(lookups)]);

      for (const record of part) {
        const email = emailOf(record);
        const found = email ? byEmail.get(email) : undefined;
        if (record.remoteId && existing.has(record.remoteId)) {
          results.push({
            key: record.key,
            ok: true,
            object: name,
            matchedBy: 'remote_id',
            remoteId: record.remoteId,
          });
        } else if (found) {
          results.push({
            key: record.key,
            ok: true,
            object: name,
            matchedBy: 'email',
            remoteId: found,
          });
        } else {
          results.push({ key: record.key, ok: true, object: name, matchedBy: 'none' });
        }
      }
    } catch (error) {
      const failure = toConnectorError(error);
      if (ERROR_CATEGORIES[failure.category].connectionLevel) throw failure;
      for (const record of part) results.push({ key: record.key, ok: false, error: failure.error });
    }
  }

  return results;
}
