import { ConnectorError, type ObjectName } from '@libs/connector-sdk';

import type { EmailMatcher } from './objects';
import type { SalesforceSession } from './session';
import { isSoqlIdentifier, soqlString } from './soql';

/** One queried record: its id, creation time and fields (names lower-cased). */
export interface RemoteRow {
  id: string;
  createdDate: string;
  values: Map<string, unknown>;
}

/** Longest encoded SOQL sent in one GET; longer value lists are split across queries. */
const MAX_ENCODED_SOQL = 12_000;

export function normaliseEmail(value: string | undefined): string | undefined {
  const email = value?.trim().toLowerCase();

  return email ? email : undefined;
}

export function stringValue(values: Map<string, unknown>, field: string): string | undefined {
  const value = values.get(field.toLowerCase());

  return typeof value === 'string' ? value : undefined;
}

export function isEarlier(row: RemoteRow, other: RemoteRow): boolean {
  if (row.createdDate !== other.createdDate) return row.createdDate < other.createdDate;

  return row.id < other.id;
}

/**
 * Splits values into the fewest consecutive batches whose measured size stays under the cap (a
 * value too long on its own goes alone). The size grows with the batch, so each batch is the
 * longest prefix that fits, found by halving.
 */
export function splitByLength(values: string[], measure: (batch: string[]) => number): string[][] {
  const batches: string[][] = [];
  let rest = values;
  while (rest.length > 0) {
    let fits = measure(rest) <= MAX_ENCODED_SOQL ? rest.length : 1;
    let over = rest.length;
    while (over - fits > 1) {
      const middle = Math.floor((fits + over) / 2);
      if (measure(rest.slice(0, middle)) <= MAX_ENCODED_SOQL) fits = middle;
      else over = middle;
    }
    batches.push(rest.slice(0, fits));
    rest = rest.slice(fits);
  }

  return batches;
}

/** Runs a SOQL query on `object`, every page; field names of the rows are lower-cased. */
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
export async function query(
  session: SalesforceSession,
  object: ObjectName,
  soql: string,
): Promise<RemoteRow[]> {
  if (!isSoqlIdentifier(object)) {
    throw new ConnectorError({
      category: 'MISSING_REMOTE_FIELD',
      vendorCode: 'INVALID_TYPE',
      vendorMessage: `Not a Salesforce object name: ${object}`,
    });
  }
  const result = await session.run((conn) =>
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

/**
 * Open records by email, one query per batch of emails (split only when the URL would be too
 * long). Several records with one email: the earliest created one is the match.
 */
export async function findByEmail(
  session: SalesforceSession,
  object: ObjectName,
  matcher: EmailMatcher,
  emails: string[],
  keepFields: string[] = [],
): Promise<Map<string, RemoteRow>> {
  const found = new Map<string, RemoteRow>();
  if (emails.length === 0) return found;

  const fields = [...new Set(['Id', 'CreatedDate', matcher.field, ...keepFields])];
  const build = (batch: string[]) =>
    `SELECT ${fields.join(', ')} FROM ${object} WHERE ${matcher.field} IN (${batch
      .map(soqlString)
      .join(', ')})${matcher.condition ? ` AND ${matcher.condition}` : ''}`;

  for (const batch of splitByLength(emails, (batch) => encodeURIComponent(build(batch)).length)) {
    for (const row of await query(session, object, build(batch))) {
      const email = normaliseEmail(stringValue(row.values, matcher.field));
      if (!email) continue;
      const known = found.get(email);
      if (!known || isEarlier(row, known)) found.set(email, row);
    }
  }

  return found;
}

/** Records by id, with the given fields; ids Salesforce does not know are absent. */
export async function findByIds(
  session: SalesforceSession,
  object: ObjectName,
  ids: string[],
  keepFields: string[] = [],
): Promise<Map<string, Map<string, unknown>>> {
  const rows = new Map<string, Map<string, unknown>>();
  if (ids.length === 0) return rows;

  const fields = [...new Set(['Id', 'CreatedDate', ...keepFields])];
  const build = (batch: string[]) =>
    `SELECT ${fields.join(', ')} FROM ${object} WHERE Id IN (${batch.map(soqlString).join(', ')})`;
  for (const batch of splitByLength(ids, (batch) => encodeURIComponent(build(batch)).length)) {
    for (const row of await query(session, object, build(batch))) rows.set(row.id, row.values);
  }

  return rows;
}

/**
 * Queries `SELECT fields FROM object WHERE field IN (values) [AND condition]`, split into as few
 * queries as keep each URL short enough.
 */
export async function queryIn(
  session: SalesforceSession,
  object: ObjectName,
  fields: string[],
  field: string,
  values: string[],
  condition?: string,
): Promise<RemoteRow[]> {
  const build = (batch: string[]) =>
    `SELECT ${[...new Set(fields)].join(', ')} FROM ${object} WHERE ${field} IN (${batch
      .map(soqlString)
      .join(', ')})${condition ? ` AND ${condition}` : ''}`;
  const rows: RemoteRow[] = [];
  for (const batch of splitByLength(values, (batch) => encodeURIComponent(build(batch)).length)) {
    rows.push(...(await query(session, object, build(batch))));
  }

  return rows;
}
