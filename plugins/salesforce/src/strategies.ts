import {
  chunk,
  ConnectorError,
  ERROR_CATEGORIES,
  isConnectorError,
  type FieldValue,
  type MatchRecord,
  type MatchResult,
  type PlannedWrite,
  type UpsertRecord,
  type UpsertResult,
} from '@libs/connector-sdk';
import type { SaveResult } from 'jsforce';

import { COLLECTION_BATCH_LIMIT, type MatchingStrategy } from './constants';
import { normaliseThrown } from './error-map';
import type { SalesforceSession } from './session';
import { isSoqlIdentifier, soqlString } from './soql';
import {
  isEarlier,
  normaliseEmail,
  query,
  queryIn,
  splitByLength,
  stringValue,
  type RemoteRow,
} from './lookup';
import { matchRecords } from './match';
import {
  ChunkUpsert,
  compose,
  CONTACT_FIELD_OF_LEAD,
  saveErrorOf,
  upsertRecords,
  type Pending,
} from './upsert';

type Results = Array<UpsertResult | undefined>;

/** A Lead record as the Contact it is written as: Lead fields under their Contact names. */
function asContact(item: Pending): Pending {
  const values: Record<string, FieldValue> = {};
  for (const [field, value] of Object.entries(item.record.values)) {
    const target = CONTACT_FIELD_OF_LEAD[field];
    if (target) values[target] = value;
  }
  const writeIfBlank = (item.record.writeIfBlank ?? [])
    .map((field) => CONTACT_FIELD_OF_LEAD[field])
    .filter((field): field is string => field !== undefined);

  return { index: item.index, record: { ...item.record, values, writeIfBlank } };
}

/** `https://www.Acme.com/about` → `acme.com`; undefined when no host name can be read. */
export function websiteDomain(value: FieldValue | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const raw = value.trim().toLowerCase();
  if (raw === '') return undefined;
  const url = /^[a-z][a-z0-9+.-]*:\/\//.test(raw) ? raw : `http://${raw}`;
  if (!URL.canParse(url)) return undefined;
  const host = new URL(url).hostname.replace(/^www\./, '');

  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) ? host : undefined;
}

function text(value: FieldValue | undefined): string | undefined {
  const trimmed = typeof value === 'string' ? value.trim() : undefined;

  return trimmed ? trimmed : undefined;
}

/**
 * The Account a record belongs to: the values mapped for the Account object when the host sent
 * them (`related.Account`), else the Lead's own Company and Website.
 */
export function accountValues(record: UpsertRecord): Record<string, FieldValue> {
  const mapped = record.related?.Account;
  const values: Record<string, FieldValue> = mapped
    ? { ...mapped }
    : { Name: record.values.Company ?? null, Website: record.values.Website ?? null };
  values.Name = text(values.Name) ?? text(record.values.Company) ?? null;
  for (const [field, value] of Object.entries(values)) {
    if (value === null || value === '') delete values[field];
  }

  return values;
}

/** The earliest created row per key. */
function earliestBy(rows: RemoteRow[], keyOf: (row: RemoteRow) => string | undefined) {
  const found = new Map<string, RemoteRow>();
  for (const row of rows) {
    const key = keyOf(row);
    const known = key === undefined ? undefined : found.get(key);
    if (key !== undefined && (!known || isEarlier(row, known))) found.set(key, row);
  }

  return found;
}

/** A Contact an input record resolved to, with the Account it already hangs under. */
interface MatchedContact {
  id: string;
  accountId?: string;
  values: Map<string, unknown>;
  matchedBy: 'remote_id' | 'email';
}

/** What a record is matched by. */
type PersonKeys = Pick<MatchRecord, 'remoteId' | 'remoteIds' | 'matchEmail'>;

/**
 * The Contact each record is: by the stored Contact id (with "Accounts and Contacts", also the
 * Contact a stored Lead was converted into) when Salesforce still has it, else the earliest
 * created Contact with the email. `keepFields` are read along for write-if-blank fields.
 */
async function findContacts(
  session: SalesforceSession,
  strategy: Exclude<MatchingStrategy, 'leads_only'>,
  items: Array<{ index: number; record: PersonKeys }>,
  keepFields: string[],
): Promise<Map<number, MatchedContact>> {
  const storedContact = new Map<number, string>();
  for (const item of items) {
    const id = item.record.remoteIds?.Contact;
    if (id) storedContact.set(item.index, id);
  }
  if (strategy === 'accounts_and_contacts') {
    // A Lead written before (another strategy) and converted since: its Contact is the person.
    const leads = items
      .filter((item) => !storedContact.has(item.index))
      .map((item) => ({ item, leadId: item.record.remoteIds?.Lead ?? item.record.remoteId }))
      .filter((entry): entry is { item: (typeof items)[number]; leadId: string } =>
        Boolean(entry.leadId),
      );
    if (leads.length > 0) {
      const rows = await queryIn(
        session,
        'Lead',
        ['Id', 'ConvertedContactId'],
        'Id',
        [...new Set(leads.map((entry) => entry.leadId))],
        'IsConverted = true',
      );
      const converted = new Map(
        rows.map((row) => [row.id.slice(0, 15), stringValue(row.values, 'ConvertedContactId')]),
      );
      for (const { item, leadId } of leads) {
        const contactId = converted.get(leadId.slice(0, 15));
        if (contactId) storedContact.set(item.index, contactId);
      }
    }
  }

  const keep = [...new Set(keepFields)].filter(isSoqlIdentifier);
  const fields = ['Id', 'CreatedDate', 'Email', 'AccountId', ...keep];
  const byId = new Map<string, RemoteRow>();
  const ids = [...new Set(storedContact.values())];
  if (ids.length > 0) {
    for (const row of await queryIn(session, 'Contact', fields, 'Id', ids)) {
      byId.set(row.id.slice(0, 15), row);
    }
  }
  const emails = new Set<string>();
  for (const item of items) {
    const stored = storedContact.get(item.index);
    const email = normaliseEmail(item.record.matchEmail);
    if (email && !(stored && byId.has(stored.slice(0, 15)))) emails.add(email);
  }
  const byEmail =
    emails.size === 0
      ? new Map<string, RemoteRow>()
      : earliestBy(await queryIn(session, 'Contact', fields, 'Email', [...emails]), (row) =>
          normaliseEmail(stringValue(row.values, 'Email')),
        );

  const found = new Map<number, MatchedContact>();
  for (const item of items) {
    const stored = storedContact.get(item.index);
    const email = normaliseEmail(item.record.matchEmail);
    const row =
      (stored ? byId.get(stored.slice(0, 15)) : undefined) ??
      (email ? byEmail.get(email) : undefined);
    if (row) {
      found.set(item.index, {
        id: row.id,
        accountId: stringValue(row.values, 'AccountId'),
        values: row.values,
        matchedBy: stored && byId.has(stored.slice(0, 15)) ? 'remote_id' : 'email',
      });
    }
  }

  return found;
}

/**
 * "Leads and Contacts" and "Accounts and Contacts" matching of one chunk of Lead records (at
 * most 200). A person Salesforce already has as a Contact — by the stored Contact id, else by
 * email — is updated as that Contact. The others are written as Leads ("Leads and Contacts":
 * stored Lead id → open Lead by email → new Lead), or as a new Contact under their Account
 * ("Accounts and Contacts": stored Account id → Account by website domain → by name → a new
 * Account). An Account found is linked as it is: its data belongs to sales.
 */
class PersonChunk {
  constructor(
    private readonly session: SalesforceSession,
    private readonly strategy: Exclude<MatchingStrategy, 'leads_only'>,
    private readonly results: Results,
  ) {}

  async run(items: Pending[]): Promise<void> {
    const keep = items.flatMap((item) => asContact(item).record.writeIfBlank ?? []);
    const contacts = await findContacts(this.session, this.strategy, items, keep);
    const matched = items.filter((item) => contacts.has(item.index));
    const unmatched = items.filter((item) => !contacts.has(item.index));

    await this.updateContacts(matched, contacts);
    if (unmatched.length === 0) return;
    if (this.strategy === 'leads_and_contacts') {
      await new ChunkUpsert(this.session, 'Lead', this.results).run(unmatched, true);

      return;
    }
    const accounts = await this.resolveAccounts(unmatched);
    await this.createContacts(unmatched, accounts);
  }

  private async updateContacts(
    items: Pending[],
    contacts: Map<number, MatchedContact>,
  ): Promise<void> {
    const groups = new Map<string, { contact: MatchedContact; members: Pending[] }>();
    for (const item of items) {
      const contact = contacts.get(item.index) as MatchedContact;
      const group = groups.get(contact.id) ?? { contact, members: [] };
      group.members.push(asContact(item));
      groups.set(contact.id, group);
    }
    const sendable: Array<{ contact: MatchedContact; members: Pending[]; payload: Payload }> = [];
    for (const { contact, members } of groups.values()) {
      const payload = compose(members, contact.values);
      if (Object.keys(payload).length === 0) this.succeed(members, contact.id, 'updated', contact);
      else sendable.push({ contact, members, payload });
    }
    if (sendable.length === 0) return;

    // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_update.htm
    const saved = await this.session.run((conn) =>
      conn.sobject('Contact').update(
        sendable.map(({ contact, payload }) => ({ ...payload, Id: contact.id })),
        { allOrNone: false },
      ),
    );
    sendable.forEach(({ contact, members }, position) =>
      this.settle(members, saved[position], 'updated', contact),
    );
  }

  /**
   * The Account id of each record: its stored Account (if Salesforce still has it), an Account
   * whose website has the record's domain, one with its company name, or one created here
   * (records of one company in the chunk share it). None for a record without a company name.
   */
  private async resolveAccounts(items: Pending[]): Promise<Map<number, string>> {
    const wanted = items.map((item) => {
      const values = accountValues(item.record);

      return {
        item,
        values,
        stored: item.record.remoteIds?.Account,
        domain: websiteDomain(values.Website),
        name: text(values.Name),
      };
    });

    const storedIds = [...new Set(wanted.map((entry) => entry.stored).filter(isDefined))];
    const existing = new Set<string>();
    if (storedIds.length > 0) {
      for (const row of await queryIn(this.session, 'Account', ['Id'], 'Id', storedIds)) {
        existing.add(row.id.slice(0, 15));
      }
    }
    const open = wanted.filter(
      (entry) => !(entry.stored && existing.has(entry.stored.slice(0, 15))),
    );
    const byDomain = await this.accountsByDomain([
      ...new Set(open.map((entry) => entry.domain).filter(isDefined)),
    ]);
    const names = open
      .filter((entry) => !(entry.domain && byDomain.has(entry.domain)))
      .map((entry) => entry.name?.toLowerCase())
      .filter(isDefined);
    const byName =
      names.length === 0
        ? new Map<string, RemoteRow>()
        : earliestBy(
            await queryIn(this.session, 'Account', ['Id', 'CreatedDate', 'Name'], 'Name', [
              ...new Set(names),
            ]),
            (row) => stringValue(row.values, 'Name')?.trim().toLowerCase(),
          );

    const accounts = new Map<number, string>();
    const creates = new Map<string, { members: Pending[]; values: Record<string, FieldValue> }>();
    for (const entry of wanted) {
      const index = entry.item.index;
      const found =
        (entry.stored && existing.has(entry.stored.slice(0, 15)) ? entry.stored : undefined) ??
        (entry.domain ? byDomain.get(entry.domain)?.id : undefined) ??
        (entry.name ? byName.get(entry.name.toLowerCase())?.id : undefined);
      if (found) {
        accounts.set(index, found);
        continue;
      }
      // Without a name there is no Account to create: the Contact is created on its own.
      if (!entry.name) continue;
      const key = entry.domain ? `domain:${entry.domain}` : `name:${entry.name.toLowerCase()}`;
      const create = creates.get(key) ?? { members: [], values: {} };
      create.members.push(entry.item);
      // An Account's values are filled in, not overwritten: the first record's stay.
      create.values = { ...entry.values, ...create.values };
      creates.set(key, create);
    }
    if (creates.size === 0) return accounts;

    const pending = [...creates.values()];
    // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_create.htm
    const saved = await this.session.run((conn) =>
      conn.sobject('Account').create(
        pending.map((create) => create.values),
        { allOrNone: false },
      ),
    );
    pending.forEach((create, position) => {
      const result = saved[position];
      if (result?.success) {
        for (const member of create.members) accounts.set(member.index, result.id);
      } else {
        this.fail(create.members, saveErrorOf(result));
      }
    });

    return accounts;
  }

  /** Accounts whose website has one of the domains; the earliest created one per domain. */
  private async accountsByDomain(domains: string[]): Promise<Map<string, RemoteRow>> {
    if (domains.length === 0) return new Map();
    const build = (batch: string[]) =>
      `SELECT Id, CreatedDate, Website FROM Account WHERE ${batch
        .map((domain) => `Website LIKE ${soqlString(`%${domain}%`)}`)
        .join(' OR ')}`;
    const rows: RemoteRow[] = [];
    for (const batch of splitByLength(
      domains,
      (batch) => encodeURIComponent(build(batch)).length,
    )) {
      rows.push(...(await query(this.session, 'Account', build(batch))));
    }
    const wanted = new Set(domains);

    // LIKE finds `notacme.com` for `acme.com` too: only an equal domain matches.
    return earliestBy(rows, (row) => {
      const domain = websiteDomain(stringValue(row.values, 'Website'));

      return domain && wanted.has(domain) ? domain : undefined;
    });
  }

  /** New Contacts under their Accounts; records with one email make one Contact. */
  private async createContacts(items: Pending[], accounts: Map<number, string>): Promise<void> {
    const groups = new Map<string, { accountId?: string; members: Pending[] }>();
    for (const item of items) {
      if (this.results[item.index]) continue; // its Account could not be created
      const email = normaliseEmail(item.record.matchEmail);
      const key = email ? `email:${email}` : `new:${item.index}`;
      const group = groups.get(key) ?? { accountId: accounts.get(item.index), members: [] };
      group.members.push(asContact(item));
      groups.set(key, group);
    }
    const pending = [...groups.values()];
    if (pending.length === 0) return;

    const saved = await this.session.run((conn) =>
      conn.sobject('Contact').create(
        pending.map(({ accountId, members }) => ({
          ...compose(members, new Map()),
          ...(accountId ? { AccountId: accountId } : {}),
        })),
        { allOrNone: false },
      ),
    );
    pending.forEach(({ accountId, members }, position) =>
      this.settle(members, saved[position], 'created', { accountId }),
    );
  }

  private settle(
    members: Pending[],
    result: SaveResult | undefined,
    action: 'created' | 'updated',
    contact: { accountId?: string },
  ): void {
    if (result?.success) this.succeed(members, result.id, action, contact);
    else this.fail(members, saveErrorOf(result));
  }

  private succeed(
    members: Pending[],
    id: string,
    action: 'created' | 'updated',
    contact: { accountId?: string },
  ): void {
    members.forEach((item, position) => {
      this.results[item.index] = {
        key: item.record.key,
        ok: true,
        remoteId: id,
        // Later records of a merged group updated the Contact the first one wrote.
        action: position === 0 ? action : 'updated',
        object: 'Contact',
        ...(contact.accountId ? { related: { Account: contact.accountId } } : {}),
      };
    });
  }

  private fail(members: Pending[], error: ReturnType<typeof saveErrorOf>): void {
    for (const item of members) {
      this.results[item.index] = { key: item.record.key, ok: false, error };
    }
  }
}

type Payload = Record<string, FieldValue>;

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

/**
 * What `upsertByStrategy` may send for a Lead record besides the Lead, for the host's pre-flight:
 * with "Accounts and Contacts", the Contact and (for a record with a company name) the Account.
 * The Account is checked as created: whether Salesforce has one to link is only known by asking.
 * "Leads and Contacts" writes a Contact only for a person found as one, whose Lead values the
 * host checks already; it is left out rather than refuse a lead Salesforce would take as a Lead.
 */
export function plannedWrites(
  strategy: MatchingStrategy,
  object: string,
  record: UpsertRecord,
): PlannedWrite[] {
  if (strategy !== 'accounts_and_contacts' || object !== 'Lead') return [];
  const contact = asContact({ index: 0, record }).record.values;
  const account = accountValues(record);

  return [
    { object: 'Contact', values: contact },
    ...(text(account.Name) ? [{ object: 'Account', values: account }] : []),
  ];
}

/**
 * Upserts records by the connection's matching strategy. "Leads only" (and any object but
 * Lead) matches the object itself; the other strategies look for the person among Contacts
 * first, in chunks of 200 records, with results in input order.
 */
export function upsertByStrategy(
  session: SalesforceSession,
  strategy: MatchingStrategy,
  object: string,
  records: UpsertRecord[],
): Promise<UpsertResult[]> {
  if (strategy === 'leads_only' || object !== 'Lead') {
    return upsertRecords(session, object, records);
  }

  return upsertRecords(session, object, records, (items, results) =>
    new PersonChunk(session, strategy, results).run(items),
  );
}

/**
 * Read-only matching by the connection's strategy: what `upsertByStrategy` would update for
 * each record. A person found among Contacts is that Contact; the others match as Leads
 * ("Leads and Contacts") or would be a new Contact ("Accounts and Contacts").
 */
export async function matchByStrategy(
  session: SalesforceSession,
  strategy: MatchingStrategy,
  object: string,
  records: MatchRecord[],
): Promise<MatchResult[]> {
  if (strategy === 'leads_only' || object !== 'Lead') {
    return matchRecords(session, object, records);
  }
  const results: MatchResult[] = [];
  for (const part of chunk(records, COLLECTION_BATCH_LIMIT)) {
    const items = part.map((record, index) => ({ index, record }));
    let contacts: Map<number, MatchedContact>;
    try {
      contacts = await findContacts(session, strategy, items, []);
    } catch (error) {
      const failure = isConnectorError(error)
        ? error
        : new ConnectorError(normaliseThrown(error), { cause: error });
      if (ERROR_CATEGORIES[failure.category].connectionLevel) throw failure;
      results.push(
        ...part.map((record) => ({ key: record.key, ok: false as const, error: failure.error })),
      );
      continue;
    }
    const unmatched = part.filter((_, index) => !contacts.has(index));
    const asLeads =
      strategy === 'leads_and_contacts' && unmatched.length > 0
        ? new Map(
            (await matchRecords(session, 'Lead', unmatched)).map((result) => [result.key, result]),
          )
        : new Map<string, MatchResult>();
    part.forEach((record, index) => {
      const contact = contacts.get(index);
      results.push(
        contact
          ? {
              key: record.key,
              ok: true,
              object: 'Contact',
              matchedBy: contact.matchedBy,
              remoteId: contact.id,
            }
          : (asLeads.get(record.key) ?? {
              key: record.key,
              ok: true,
              object: 'Contact',
              matchedBy: 'none',
            }),
      );
    });
  }

  return results;
}
