import {
  chunk,
  ConnectorError,
  ERROR_CATEGORIES,
  isConnectorError,
  type MatchRecord,
  type MatchResult,
  type ObjectName,
} from '@libs/connector-sdk';

import { COLLECTION_BATCH_LIMIT } from './constants';
import { mapSaveError, normaliseThrown } from './error-map';
import { findByEmail, findByIds, normaliseEmail, stringValue } from './lookup';
import { EMAIL_MATCHERS } from './objects';
import type { SalesforceSession } from './session';

/**
 * Finds, with SOQL queries only, the record `upsert` would update for each input ("Leads only"
 * matching): a stored remote id Salesforce still knows (for a converted Lead, its Contact),
 * else an open record with the email (the earliest created), else none — `upsert` would create
 * one. One query for the stored ids
 * and one for the emails per 200 records.
 */
export async function matchRecords(
  session: SalesforceSession,
  object: ObjectName,
  records: MatchRecord[],
): Promise<MatchResult[]> {
  const results: MatchResult[] = [];
  const matcher = EMAIL_MATCHERS[object];
  for (const part of chunk(records, COLLECTION_BATCH_LIMIT)) {
    try {
      const storedIds = part.flatMap((record) => (record.remoteId ? [record.remoteId] : []));
      // A converted Lead is read-only: upsert updates its Contact, so that is the match.
      const conversion = object === 'Lead' ? ['IsConverted', 'ConvertedContactId'] : [];
      const existing = await findByIds(session, object, [...new Set(storedIds)], conversion);
      const emailOf = (record: MatchRecord) =>
        matcher ? normaliseEmail(record.matchEmail) : undefined;
      const lookups = part
        .filter((record) => !(record.remoteId && existing.has(record.remoteId)))
        .map(emailOf)
        .filter((email): email is string => email !== undefined);
      const byEmail = matcher
        ? await findByEmail(session, object, matcher, [...new Set(lookups)])
        : new Map();

      for (const record of part) {
        const email = emailOf(record);
        const found = email ? byEmail.get(email) : undefined;
        const stored = record.remoteId ? existing.get(record.remoteId) : undefined;
        const contactId = stored ? stringValue(stored, 'ConvertedContactId') : undefined;
        if (stored && stored.get('isconverted') === true) {
          results.push(
            contactId
              ? {
                  key: record.key,
                  ok: true,
                  object: 'Contact',
                  matchedBy: 'remote_id',
                  remoteId: contactId,
                }
              : {
                  key: record.key,
                  ok: false,
                  error: mapSaveError({
                    statusCode: 'CANNOT_UPDATE_CONVERTED_LEAD',
                    message: 'The lead was converted without a contact',
                  }),
                },
          );
        } else if (stored) {
          results.push({
            key: record.key,
            ok: true,
            object,
            matchedBy: 'remote_id',
            remoteId: record.remoteId,
          });
        } else if (found) {
          results.push({
            key: record.key,
            ok: true,
            object,
            matchedBy: 'email',
            remoteId: found.id,
          });
        } else {
          results.push({ key: record.key, ok: true, object, matchedBy: 'none' });
        }
      }
    } catch (error) {
      const failure = isConnectorError(error)
        ? error
        : new ConnectorError(normaliseThrown(error), { cause: error });
      if (ERROR_CATEGORIES[failure.category].connectionLevel) throw failure;
      for (const record of part) results.push({ key: record.key, ok: false, error: failure.error });
    }
  }

  return results;
}
