import {
  chunk,
  ConnectorError,
  ERROR_CATEGORIES,
  isConnectorError,
  type NormalisedError,
  type ObjectName,
  type UpsertRecord,
  type UpsertResult,
} from '@libs/connector-sdk';
import type { SaveResult } from 'jsforce';

import { COLLECTION_BATCH_LIMIT, MATCHING_STRATEGIES, type MatchingStrategy } from './constants';
import { mapSaveError, normaliseThrown } from './error-map';
import { EMAIL_MATCHERS, type EmailMatcher } from './objects';
import type { SalesforceSession } from './session';
import { isSoqlIdentifier, soqlString } from './soql';

type FieldValue = UpsertRecord['values'][string];

interface Pending {
  index: number;
  record: UpsertRecord;
}

/** Records that end up as one remote write: same stored/matched id, or same new email. */
interface WriteGroup {
  id?: string;
  /** True when the id came from a stored remote id (eligible for re-matching once). */
  fromRemoteId: boolean;
  members: Pending[];
}

type UpdateGroup = WriteGroup & { id: string };

function isUpdate(group: WriteGroup): group is UpdateGroup {
  return group.id !== undefined;
}

interface RemoteRow {
  id: string;
  createdDate: string;
  values: Map<string, unknown>;
}

/** Longest encoded SOQL sent in one GET; longer email lists are split across queries. */
const MAX_ENCODED_SOQL = 12_000;

export function matchingStrategyOf(value: string | undefined): MatchingStrategy {
  const strategy = value || MATCHING_STRATEGIES[0];
  const known = MATCHING_STRATEGIES.find((candidate) => candidate === strategy);
  if (!known) {
    throw new ConnectorError({
      category: 'UNKNOWN',
      vendorCode: 'UNSUPPORTED_MATCHING_STRATEGY',
      vendorMessage: `Unsupported matching strategy: ${strategy}`,
    });
  }

  return known;
}

function normaliseEmail(value: string | undefined): string | undefined {
  const email = value?.trim().toLowerCase();

  return email ? email : undefined;
}

function isBlank(value: unknown): boolean {
  return (
    value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
  );
}

function asConnectorError(error: unknown): ConnectorError {
  return isConnectorError(error)
    ? error
    : new ConnectorError(normaliseThrown(error), { cause: error });
}

/**
 * Writes one chunk (at most 200 records): finds existing records, merges records that target the
 * same remote record, then updates and creates through sObject Collections with allOrNone off.
 */
class ChunkUpsert {
  private readonly matcher: EmailMatcher | undefined;

  constructor(
    private readonly session: SalesforceSession,
    private readonly object: ObjectName,
    private readonly results: Array<UpsertResult | undefined>,
  ) {
    this.matcher = EMAIL_MATCHERS[object];
  }

  async run(items: Pending[], allowRematch: boolean): Promise<void> {
    const emailOf = (item: Pending) =>
      this.matcher ? normaliseEmail(item.record.matchEmail) : undefined;
    const keepFields = [...new Set(items.flatMap((item) => item.record.writeIfBlank ?? []))].filter(
      isSoqlIdentifier,
    );

    const lookupEmails = new Set<string>();
    for (const item of items) {
      const email = emailOf(item);
      if (!item.record.remoteId && email) lookupEmails.add(email);
    }
    const byEmail = await this.findByEmail([...lookupEmails], keepFields);

    const emailTargets = new Map<string, string>();
    const current = new Map<string, Map<string, unknown>>();
    for (const [email, row] of byEmail) {
      emailTargets.set(email, row.id);
      current.set(row.id, row.values);
    }
    for (const item of items) {
      const email = emailOf(item);
      if (item.record.remoteId && email && !emailTargets.has(email)) {
        emailTargets.set(email, item.record.remoteId);
      }
    }

    const groups = new Map<string, WriteGroup>();
    for (const item of items) {
      const email = emailOf(item);
      const id = item.record.remoteId || (email ? emailTargets.get(email) : undefined);
      const key = id ? `id:${id}` : email ? `email:${email}` : `new:${item.index}`;
      const group = groups.get(key) ?? { id, fromRemoteId: false, members: [] };
      group.members.push(item);
      if (item.record.remoteId) group.fromRemoteId = true;
      groups.set(key, group);
    }

    const updates = [...groups.values()].filter(isUpdate);
    const creates = [...groups.values()].filter((group) => !isUpdate(group));
    const needCurrent = updates
      .filter((group) => !current.has(group.id))
      .filter((group) => group.members.some((item) => (item.record.writeIfBlank ?? []).length > 0))
      .map((group) => group.id);
    for (const [id, values] of await this.readCurrent(needCurrent, keepFields)) {
      current.set(id, values);
    }

    const rematch: Pending[] = [];
    const converted: UpdateGroup[] = [];
    await this.writeUpdates(updates, current, allowRematch ? rematch : undefined, converted);
    await this.writeCreates(creates);
    await this.writeConverted(converted);

    if (rematch.length > 0) {
      const retried = rematch.map((item) => ({
        index: item.index,
        record: { ...item.record, remoteId: undefined },
      }));
      await this.run(retried, false);
    }
  }

  private async writeUpdates(
    groups: UpdateGroup[],
    current: Map<string, Map<string, unknown>>,
    rematch: Pending[] | undefined,
    converted: UpdateGroup[],
  ): Promise<void> {
    const sendable: Array<{ group: UpdateGroup; payload: Record<string, FieldValue> }> = [];
    for (const group of groups) {
      const payload = compose(group.members, current.get(group.id) ?? new Map());
      if (Object.keys(payload).length === 0) this.succeed(group, group.id, 'updated');
      else sendable.push({ group, payload });
    }
    if (sendable.length === 0) return;

    // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_update.htm
    const saved = await this.session.run((conn) =>
      conn.sobject(this.object).update(
        sendable.map(({ group, payload }) => ({ ...payload, Id: group.id })),
        { allOrNone: false },
      ),
    );
    sendable.forEach(({ group }, position) => {
      const result = saved[position];
      if (result?.success) return this.succeed(group, result.id, 'updated');

      const error = this.errorOf(result);
      if (rematch && group.fromRemoteId && error.category === 'REMOTE_RECORD_NOT_FOUND') {
        rematch.push(...group.members);

        return;
      }
      if (this.object === 'Lead' && error.vendorCode === 'CANNOT_UPDATE_CONVERTED_LEAD') {
        converted.push(group);

        return;
      }
      this.fail(group, error);
    });
  }

  /**
   * A converted Lead is read-only: its Contact (the conversion's `ConvertedContactId`) is updated
   * instead, with the Lead fields a Contact has. Company data went to the Account at conversion
   * and belongs to sales now; write-if-blank fields are left alone.
   */
  private async writeConverted(groups: UpdateGroup[]): Promise<void> {
    if (groups.length === 0) return;
    const contacts = new Map<string, string>();
    const ids = groups.map((group) => group.id);
    const build = (batch: string[]) =>
      `SELECT Id, ConvertedContactId FROM Lead WHERE Id IN (${batch.map(soqlString).join(', ')})`;
    for (const batch of splitByLength(ids, (batch) => encodeURIComponent(build(batch)).length)) {
      for (const row of await this.query(build(batch))) {
        const contactId = stringValue(row.values, 'ConvertedContactId');
        if (contactId) contacts.set(row.id, contactId);
      }
    }
    const sendable: Array<{
      group: UpdateGroup;
      contactId: string;
      payload: Record<string, FieldValue>;
    }> = [];
    for (const group of groups) {
      const contactId = contacts.get(group.id);
      if (!contactId) {
        this.fail(
          group,
          mapSaveError({
            statusCode: 'CANNOT_UPDATE_CONVERTED_LEAD',
            message: 'The lead was converted without a contact',
          }),
        );
        continue;
      }
      const payload = contactPayload(group.members);
      if (Object.keys(payload).length === 0) this.succeed(group, contactId, 'updated', 'Contact');
      else sendable.push({ group, contactId, payload });
    }
    if (sendable.length === 0) return;

    const saved = await this.session.run((conn) =>
      conn.sobject('Contact').update(
        sendable.map(({ contactId, payload }) => ({ ...payload, Id: contactId })),
        { allOrNone: false },
      ),
    );
    sendable.forEach(({ group, contactId }, position) => {
      const result = saved[position];
      if (result?.success) this.succeed(group, contactId, 'updated', 'Contact');
      else this.fail(group, this.errorOf(result));
    });
  }

  private async writeCreates(groups: WriteGroup[]): Promise<void> {
    if (groups.length === 0) return;

    // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_create.htm
    const saved = await this.session.run((conn) =>
      conn.sobject(this.object).create(
        groups.map((group) => compose(group.members, new Map())),
        { allOrNone: false },
      ),
    );
    groups.forEach((group, position) => {
      const result = saved[position];
      if (result?.success) this.succeed(group, result.id, 'created');
      else this.fail(group, this.errorOf(result));
    });
  }

  /** One query per chunk (split only when the email list would make the URL too long). */
  private async findByEmail(
    emails: string[],
    keepFields: string[],
  ): Promise<Map<string, RemoteRow>> {
    const found = new Map<string, RemoteRow>();
    const matcher = this.matcher;
    if (!matcher || emails.length === 0) return found;

    const fields = [...new Set(['Id', 'CreatedDate', matcher.field, ...keepFields])];
    const build = (batch: string[]) =>
      `SELECT ${fields.join(', ')} FROM ${this.object} WHERE ${matcher.field} IN (${batch
        .map(soqlString)
        .join(', ')})${matcher.condition ? ` AND ${matcher.condition}` : ''}`;

    for (const batch of splitByLength(emails, (batch) => encodeURIComponent(build(batch)).length)) {
      for (const row of await this.query(build(batch))) {
        const email = normaliseEmail(stringValue(row.values, matcher.field));
        if (!email) continue;
        const known = found.get(email);
        // Several open records with one email: the earliest created one is the match.
        if (!known || isEarlier(row, known)) {
          found.set(email, row);
        }
      }
    }

    return found;
  }

  /** Current values of write-if-blank fields of records matched by stored remote id. */
  private async readCurrent(ids: string[], keepFields: string[]) {
    const rows = new Map<string, Map<string, unknown>>();
    if (ids.length === 0 || keepFields.length === 0) return rows;

    const fields = [...new Set(['Id', 'CreatedDate', ...keepFields])];
    const build = (batch: string[]) =>
      `SELECT ${fields.join(', ')} FROM ${this.object} WHERE Id IN (${batch.map(soqlString).join(', ')})`;
    for (const batch of splitByLength(ids, (batch) => encodeURIComponent(build(batch)).length)) {
      for (const row of await this.query(build(batch))) rows.set(row.id, row.values);
    }

    return rows;
  }

  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
  private async query(soql: string): Promise<RemoteRow[]> {
    if (!isSoqlIdentifier(this.object)) {
      throw new ConnectorError({
        category: 'MISSING_REMOTE_FIELD',
        vendorCode: 'INVALID_TYPE',
        vendorMessage: `Not a Salesforce object name: ${this.object}`,
      });
    }
    const result = await this.session.run((conn) =>
      conn.query(soql, { autoFetch: true, maxFetch: 100_000 }),
    );

    return result.records.map((record) => {
      const values = new Map<string, unknown>();
      for (const [name, value] of Object.entries(record)) {
        if (name !== 'attributes') values.set(name.toLowerCase(), value);
      }

      return {
        id: stringValue(values, 'Id') ?? '',
        createdDate: stringValue(values, 'CreatedDate') ?? '',
        values,
      };
    });
  }

  private succeed(
    group: WriteGroup,
    id: string,
    action: 'created' | 'updated',
    object: ObjectName = this.object,
  ): void {
    group.members.forEach((item, position) => {
      this.results[item.index] = {
        key: item.record.key,
        ok: true,
        remoteId: id,
        // Later records of a merged group updated the record the first one wrote.
        action: position === 0 ? action : 'updated',
        object,
      };
    });
  }

  private fail(group: WriteGroup, error: NormalisedError): void {
    for (const item of group.members) {
      this.results[item.index] = { key: item.record.key, ok: false, error };
    }
  }

  private errorOf(result: SaveResult | undefined): NormalisedError {
    const first = result && !result.success ? result.errors[0] : undefined;

    return mapSaveError(
      first ?? {
        statusCode: 'UNKNOWN_ERROR',
        message: 'Salesforce returned no result for the record',
      },
    );
  }
}

/** Applies the records in order; a write-if-blank field only fills a blank current value. */
function compose(members: Pending[], current: Map<string, unknown>): Record<string, FieldValue> {
  const payload: Record<string, FieldValue> = {};
  for (const { record } of members) {
    const keep = new Set(record.writeIfBlank ?? []);
    for (const [field, value] of Object.entries(record.values)) {
      const existing = field in payload ? payload[field] : current.get(field.toLowerCase());
      if (keep.has(field) && !isBlank(existing)) continue;
      payload[field] = value;
    }
  }

  return payload;
}

/** Lead fields a Contact has, under the Contact's name for them. */
const CONTACT_FIELD_OF_LEAD: Readonly<Record<string, string>> = {
  FirstName: 'FirstName',
  LastName: 'LastName',
  Salutation: 'Salutation',
  Email: 'Email',
  Title: 'Title',
  Phone: 'Phone',
  MobilePhone: 'MobilePhone',
  Description: 'Description',
  Street: 'MailingStreet',
  City: 'MailingCity',
  State: 'MailingState',
  PostalCode: 'MailingPostalCode',
  Country: 'MailingCountry',
};

/** The Lead values of the records, in order, as Contact fields (write-if-blank ones left out). */
function contactPayload(members: Pending[]): Record<string, FieldValue> {
  const payload: Record<string, FieldValue> = {};
  for (const { record } of members) {
    const keep = new Set(record.writeIfBlank ?? []);
    for (const [field, value] of Object.entries(record.values)) {
      const target = CONTACT_FIELD_OF_LEAD[field];
      if (target && !keep.has(field)) payload[target] = value;
    }
  }

  return payload;
}

function isEarlier(row: RemoteRow, other: RemoteRow): boolean {
  if (row.createdDate !== other.createdDate) return row.createdDate < other.createdDate;

  return row.id < other.id;
}

function stringValue(values: Map<string, unknown>, field: string): string | undefined {
  const value = values.get(field.toLowerCase());

  return typeof value === 'string' ? value : undefined;
}

/** Splits values into the fewest consecutive batches whose measured size stays under the cap. */
function splitByLength(values: string[], measure: (batch: string[]) => number): string[][] {
  const batches: string[][] = [];
  let batch: string[] = [];
  for (const value of values) {
    if (batch.length > 0 && measure([...batch, value]) > MAX_ENCODED_SOQL) {
      batches.push(batch);
      batch = [];
    }
    batch.push(value);
  }
  if (batch.length > 0) batches.push(batch);

  return batches;
}

/**
 * Upserts records with "Leads only" matching: a stored remote id is updated; otherwise the
 * record is matched by email (one SOQL query per 200-record chunk) and updated, or created.
 * Records that resolve to the same remote record are written once and all point at its id. A
 * stored id Salesforce no longer knows is matched by email once more.
 */
export async function upsertRecords(
  session: SalesforceSession,
  object: ObjectName,
  records: UpsertRecord[],
): Promise<UpsertResult[]> {
  const results: Array<UpsertResult | undefined> = new Array(records.length);
  const failedByCall = new Set<number>();
  let firstCallError: ConnectorError | undefined;

  const pending = records.map((record, index) => ({ index, record }));
  for (const items of chunk(pending, COLLECTION_BATCH_LIMIT)) {
    try {
      await new ChunkUpsert(session, object, results).run(items, true);
    } catch (error) {
      const failure = asConnectorError(error);
      if (ERROR_CATEGORIES[failure.category].connectionLevel) throw failure;
      firstCallError ??= failure;
      for (const item of items) {
        if (results[item.index]) continue;
        results[item.index] = { key: item.record.key, ok: false, error: failure.error };
        failedByCall.add(item.index);
      }
    }
  }
  if (firstCallError && failedByCall.size === records.length) throw firstCallError;

  return records.map(
    (record, index): UpsertResult =>
      results[index] ?? {
        key: record.key,
        ok: false,
        error: mapSaveError({ statusCode: 'UNKNOWN_ERROR', message: 'The record was not written' }),
      },
  );
}
