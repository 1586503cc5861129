import { chunk, ERROR_CATEGORIES, type FieldValue, type UpsertRecord } from '@libs/connector-sdk';

import { BATCH_LIMIT } from './constants';
import { toConnectorError } from './error-map';
import type { HubSpotSession } from './session';
import { writeRecords, type RecordOutcome } from './upsert';
import { normaliseDomain } from './values';

/** The related company of a contact, as a company record matched by domain. */
function companyRecord(record: UpsertRecord): UpsertRecord | undefined {
  const values = record.related?.companies;
  if (!values) return undefined;
  const stored = record.remoteIds?.companies;
  const domain = normaliseDomain(values.domain) ?? normaliseDomain(values.website);
  // Without a stored id or a domain HubSpot has nothing to match a company by: the contact goes
  // alone.
  if (!domain && !stored) return undefined;
  const companyValues: Record<string, FieldValue> = domain ? { ...values, domain } : { ...values };

  return {
    key: `company:${domain ?? stored}`,
    values: companyValues,
    // A badge scan fills a company in; what sales already wrote there stays.
    writeIfBlank: Object.keys(companyValues).filter((name) => name !== 'domain'),
    // The company this contact was linked to before comes first.
    remoteId: stored,
  };
}

/**
 * Upserts contacts, chunk by chunk: first the companies they carry (`related.companies`,
 * matched by the stored company id, then by domain), then the contacts, then the default contact→company associations. A
 * contact whose company or association failed reports that failure; writing it again is safe.
 */
export async function upsertContacts(
  session: HubSpotSession,
  records: UpsertRecord[],
): Promise<RecordOutcome[]> {
  const outcomes: RecordOutcome[] = [];
  for (const part of chunk(records, BATCH_LIMIT)) {
    outcomes.push(...(await upsertChunk(session, part)));
  }

  return outcomes;
}

async function upsertChunk(session: HubSpotSession, records: UpsertRecord[]) {
  const companies = records.map(companyRecord);
  const withCompany = companies.flatMap((company, index) => (company ? [{ company, index }] : []));
  const companyOutcomes = await writeRecords(
    session,
    'companies',
    withCompany.map((entry) => entry.company),
  );
  const companyOf = new Map<number, RecordOutcome>();
  withCompany.forEach((entry, position) => companyOf.set(entry.index, companyOutcomes[position]));

  const outcomes: RecordOutcome[] = new Array(records.length);
  const writable: number[] = [];
  records.forEach((_, index) => {
    const company = companyOf.get(index);
    if (company && !company.ok) outcomes[index] = company;
    else writable.push(index);
  });
  const written = await writeRecords(
    session,
    'contacts',
    writable.map((index) => records[index]),
  );
  writable.forEach((index, position) => {
    outcomes[index] = written[position];
  });

  await associate(session, outcomes, companyOf);
  outcomes.forEach((outcome, index) => {
    const company = companyOf.get(index);
    if (outcome.ok && company?.ok) outcome.related = { companies: company.id };
  });

  return outcomes;
}

/** Default contact→company associations for every written contact with a written company. */
async function associate(
  session: HubSpotSession,
  outcomes: RecordOutcome[],
  companyOf: Map<number, RecordOutcome>,
): Promise<void> {
  const pairs = new Map<string, { contactId: string; companyId: string; indexes: number[] }>();
  outcomes.forEach((outcome, index) => {
    const company = companyOf.get(index);
    if (!outcome.ok || !company?.ok) return;
    const key = `${outcome.id}:${company.id}`;
    const pair = pairs.get(key) ?? { contactId: outcome.id, companyId: company.id, indexes: [] };
    pair.indexes.push(index);
    pairs.set(key, pair);
  });

  for (const batch of chunk([...pairs.values()], BATCH_LIMIT)) {
    try {
      // https://developers.hubspot.com/docs/api-reference/legacy/crm/associations/v4/batch/create-default
      await session.run((client) =>
        client.crm.associations.v4.batchApi.createDefault('contacts', 'companies', {
          inputs: batch.map((pair) => ({
            _from: { id: pair.contactId },
            to: { id: pair.companyId },
          })),
        }),
      );
    } catch (error) {
      const failure = toConnectorError(error);
      if (ERROR_CATEGORIES[failure.category].connectionLevel) throw failure;
      for (const index of batch.flatMap((pair) => pair.indexes)) {
        outcomes[index] = { ok: false, error: failure.error, callError: failure };
      }
    }
  }
}
