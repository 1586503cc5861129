import {
  ConnectorError,
  ERROR_CATEGORIES,
  isConnectorError,
  type FieldValue,
  type NormalisedError,
  type UpsertRecord,
  type UpsertResult,
} from '@libs/connector-sdk';

import type { MarketoApi } from './api';
import {
  BATCH_RECORD_LIMIT,
  FILTER_VALUE_LIMIT,
  LEADS_OBJECT,
  MAX_BODY_BYTES,
  TIMEOUT_MS,
} from './constants';
import { mapMarketoError, normaliseThrown } from './error-map';
import { isRecord, readFailure } from './http';

interface Pending {
  index: number;
  record: UpsertRecord;
}

/** Records written as one Marketo input: same stored lead id, or same email. */
interface Group {
  members: Pending[];
}

/** Updated with `updateOnly` by lead id. */
interface IdGroup extends Group {
  id: number;
}

/** Written with `createOrUpdate` by email; the email as sent. */
interface EmailGroup extends Group {
  email: string;
}

type SyncOutcome =
  { ok: true; id: number; status: 'created' | 'updated' } | { ok: false; error: NormalisedError };

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** The email a record is matched and written with: its mapped `email`, else `matchEmail`. */
function emailOf(record: UpsertRecord): string | undefined {
  const mapped = record.values.email;
  const email = typeof mapped === 'string' && mapped.trim() !== '' ? mapped : record.matchEmail;
  const trimmed = email?.trim();

  return trimmed ? trimmed : undefined;
}

function leadIdOf(remoteId: string | undefined): number | undefined {
  return remoteId !== undefined && /^\d+$/.test(remoteId) ? Number(remoteId) : undefined;
}

function isBlank(value: unknown): boolean {
  return (
    value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
  );
}

function localFailure(code: string, message: string): NormalisedError {
  return mapMarketoError({ code, message });
}

function asConnectorError(error: unknown): ConnectorError {
  return isConnectorError(error)
    ? error
    : new ConnectorError(normaliseThrown(error), { cause: error });
}

/** One Sync Leads `result[]` entry. */
function readOutcome(value: unknown): SyncOutcome {
  const status = isRecord(value) ? value.status : undefined;
  const id = isRecord(value) ? value.id : undefined;
  if ((status === 'created' || status === 'updated') && typeof id === 'number') {
    return { ok: true, id, status };
  }
  const reasons = isRecord(value) && Array.isArray(value.reasons) ? value.reasons : [];
  const reason = readFailure(reasons[0]);
  if (status === 'skipped' && reason) return { ok: false, error: mapMarketoError(reason) };

  return {
    ok: false,
    error: localFailure('NO_RESULT', `Marketo returned no usable result for the record`),
  };
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

/**
 * Splits records into runs Sync Leads accepts: at most 300 records and a body under 1 MB.
 * A single record above the byte budget still gets a run of its own (Marketo answers 413).
 */
function chunks(items: Pending[]): Pending[][] {
  const runs: Pending[][] = [];
  let run: Pending[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item.record.values), 'utf8') + 1;
    if (run.length > 0 && (run.length >= BATCH_RECORD_LIMIT || bytes + size > MAX_BODY_BYTES)) {
      runs.push(run);
      run = [];
      bytes = 0;
    }
    run.push(item);
    bytes += size;
  }
  if (run.length > 0) runs.push(run);

  return runs;
}

/**
 * Writes one run: records with a stored lead id are updated by id (`updateOnly`); the others,
 * and stored ids Marketo no longer knows (1004), go through `createOrUpdate` by email. Records
 * for the same lead are merged into one input. Results are correlated by index.
 */
class RunUpsert {
  constructor(
    private readonly api: MarketoApi,
    private readonly results: Array<UpsertResult | undefined>,
  ) {}

  async run(items: Pending[]): Promise<void> {
    const byId = new Map<number, IdGroup>();
    const byEmail: Pending[] = [];
    for (const item of items) {
      const id = leadIdOf(item.record.remoteId);
      if (id === undefined) {
        byEmail.push(item);
        continue;
      }
      const group = byId.get(id) ?? { id, members: [] };
      group.members.push(item);
      byId.set(id, group);
    }

    const rematch = await this.updateById([...byId.values()]);
    const emailItems = [...byEmail, ...rematch].sort((a, b) => a.index - b.index);
    await this.upsertByEmail(emailItems);
  }

  /** Returns the members of groups whose lead was not found and that have an email. */
  private async updateById(groups: IdGroup[]): Promise<Pending[]> {
    if (groups.length === 0) return [];
    const current = await this.currentValues(
      'id',
      groups.map((group) => String(group.id)),
      groups,
    );
    const input = groups.map((group) => ({
      ...compose(group.members, current.get(String(group.id)) ?? new Map()),
      id: group.id,
    }));

    const outcomes = await this.sync('updateOnly', 'id', input);
    const rematch: Pending[] = [];
    groups.forEach((group, position) => {
      const outcome = outcomes[position];
      if (outcome.ok) return this.succeed(group, outcome);
      const withEmail = group.members.filter((item) => emailOf(item.record) !== undefined);
      if (outcome.error.vendorCode === '1004' && withEmail.length === group.members.length) {
        rematch.push(...group.members);

        return;
      }
      this.fail(group, outcome.error);
    });

    return rematch;
  }

  private async upsertByEmail(items: Pending[]): Promise<void> {
    const groups = new Map<string, EmailGroup>();
    for (const item of items) {
      const email = emailOf(item.record);
      if (email === undefined) continue;
      const key = email.toLowerCase();
      const group = groups.get(key) ?? { email, members: [] };
      group.members.push(item);
      groups.set(key, group);
    }
    if (groups.size === 0) return;

    const list = [...groups.values()];
    const current = await this.currentValues('email', [...groups.keys()], list);
    const input = list.map((group) => ({
      ...compose(group.members, current.get(group.email.toLowerCase()) ?? new Map()),
      email: group.email,
    }));

    const outcomes = await this.sync('createOrUpdate', 'email', input);
    list.forEach((group, position) => {
      const outcome = outcomes[position];
      if (outcome.ok) this.succeed(group, outcome);
      else this.fail(group, outcome.error);
    });
  }

  private async sync(
    action: 'createOrUpdate' | 'updateOnly',
    lookupField: 'email' | 'id',
    input: Array<Record<string, FieldValue>>,
  ): Promise<SyncOutcome[]> {
    // https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/leads#create-and-update
    const result = await this.api.call({
      method: 'POST',
      path: '/leads.json',
      body: { action, lookupField, input },
      timeoutMs: TIMEOUT_MS.sync,
    });

    return input.map((_value, position) => readOutcome(result[position]));
  }

  /**
   * Current values of the write-if-blank fields, keyed by lookup value (emails lower-cased).
   * Only read when some record has such fields; a field Marketo does not know makes the read
   * fail, and the write then reports it per record (1006).
   */
  private async currentValues(
    filterType: 'email' | 'id',
    values: string[],
    groups: Group[],
  ): Promise<Map<string, Map<string, unknown>>> {
    const keepFields = [
      ...new Set(
        groups.flatMap((group) => group.members.flatMap((item) => item.record.writeIfBlank ?? [])),
      ),
    ].filter((field) => FIELD_NAME.test(field));
    const found = new Map<string, Map<string, unknown>>();
    if (keepFields.length === 0) return found;

    for (let start = 0; start < values.length; start += FILTER_VALUE_LIMIT) {
      const batch = values.slice(start, start + FILTER_VALUE_LIMIT);
      let rows: unknown[];
      try {
        // https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/leads#query
        rows = await this.api.call({
          method: 'GET',
          path: '/leads.json',
          query: [
            ['filterType', filterType],
            ['filterValues', batch],
            ['fields', [...new Set(['id', 'email', ...keepFields])]],
          ],
          timeoutMs: TIMEOUT_MS.query,
        });
      } catch (error) {
        if (isConnectorError(error) && error.category === 'MISSING_REMOTE_FIELD') return found;
        throw error;
      }
      for (const row of rows) {
        if (!isRecord(row)) continue;
        const key = filterType === 'id' ? String(row.id) : String(row.email ?? '').toLowerCase();
        if (found.has(key)) continue;
        found.set(
          key,
          new Map(Object.entries(row).map(([name, value]) => [name.toLowerCase(), value])),
        );
      }
    }

    return found;
  }

  private succeed(group: Group, outcome: Extract<SyncOutcome, { ok: true }>): void {
    group.members.forEach((item, position) => {
      this.results[item.index] = {
        key: item.record.key,
        ok: true,
        remoteId: String(outcome.id),
        // Later records of a merged group updated the lead the first one wrote.
        action: position === 0 ? outcome.status : 'updated',
        object: LEADS_OBJECT,
      };
    });
  }

  private fail(group: Group, error: NormalisedError): void {
    for (const item of group.members) {
      this.results[item.index] = { key: item.record.key, ok: false, error };
    }
  }
}

/**
 * Upserts leads: a stored lead id is updated by id, anything else is matched by email through
 * `createOrUpdate`, in runs of at most 300. A run that fails as a whole fails its records with
 * the call's error; after a rate limit the remaining runs are not sent. An auth failure, or a
 * failure of every record by a call, throws.
 */
export async function upsertLeads(
  api: MarketoApi,
  records: UpsertRecord[],
): Promise<UpsertResult[]> {
  const results: Array<UpsertResult | undefined> = new Array(records.length);
  const writable: Pending[] = [];
  records.forEach((record, index) => {
    if (emailOf(record) !== undefined || leadIdOf(record.remoteId) !== undefined) {
      writable.push({ index, record });

      return;
    }
    results[index] = {
      key: record.key,
      ok: false,
      error: {
        ...localFailure(
          'MISSING_EMAIL',
          'Marketo leads are matched by email and the record has none',
        ),
        field: 'email',
      },
    };
  });

  const failedByCall = new Set<number>();
  let firstCallError: ConnectorError | undefined;
  let rateLimited: ConnectorError | undefined;
  for (const run of chunks(writable)) {
    let failure = rateLimited;
    if (!failure) {
      try {
        await new RunUpsert(api, results).run(run);
        continue;
      } catch (error) {
        failure = asConnectorError(error);
      }
    }
    if (ERROR_CATEGORIES[failure.category].connectionLevel) throw failure;
    firstCallError ??= failure;
    if (failure.category === 'RATE_LIMITED') rateLimited = failure;
    for (const item of run) {
      if (results[item.index]) continue;
      results[item.index] = { key: item.record.key, ok: false, error: failure.error };
      failedByCall.add(item.index);
    }
  }
  if (firstCallError && failedByCall.size === records.length) throw firstCallError;

  return records.map(
    (record, index): UpsertResult =>
      results[index] ?? {
        key: record.key,
        ok: false,
        error: localFailure('NO_RESULT', 'The record was not written'),
      },
  );
}
