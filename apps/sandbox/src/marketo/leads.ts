import { marketoTimestamp, type Clock } from './clock';
import { FIRST_LEAD_ID } from './constants';
import { isRecord, marketoError, type MarketoError } from './envelope';
import { checkValue, leadField, SYSTEM_FIELDS, type LeadValue } from './schema';

export const SYNC_ACTIONS = [
  'createOrUpdate',
  'createOnly',
  'updateOnly',
  'createDuplicate',
] as const;

export type SyncAction = (typeof SYNC_ACTIONS)[number];

export const DEFAULT_PARTITION = 'Default';

/** A lead as reads return it: `id`, `createdAt`, `updatedAt` and the stored REST fields. */
export type MarketoLead = Record<string, LeadValue>;

export type SyncRecordResult =
  { id: number; status: 'created' | 'updated' } | { status: 'skipped'; reasons: MarketoError[] };

export interface SyncRequest {
  action: SyncAction;
  lookupField: string;
  partitionName: string;
  input: unknown[];
}

interface StoredLead {
  id: number;
  createdAt: number;
  updatedAt: number;
  values: Map<string, LeadValue>;
}

type Prepared = { ok: true; values: Map<string, LeadValue> } | { ok: false; reason: MarketoError };

export function isSyncAction(value: unknown): value is SyncAction {
  return typeof value === 'string' && (SYNC_ACTIONS as readonly string[]).includes(value);
}

function skipped(code: string, message: string): SyncRecordResult {
  return { status: 'skipped', reasons: [marketoError(code, message)] };
}

function sameValue(stored: LeadValue | undefined, wanted: LeadValue, field: string): boolean {
  if (stored === undefined || stored === null) return false;
  if (field === 'email' && typeof stored === 'string' && typeof wanted === 'string') {
    return stored.toLowerCase() === wanted.toLowerCase();
  }

  return String(stored) === String(wanted);
}

/** The record's value of the lookup field; undefined when it has none. */
function lookupValueOf(
  input: Record<string, unknown>,
  values: Map<string, LeadValue>,
  lookupField: string,
): LeadValue | undefined {
  if (lookupField === 'id') {
    const raw = input.id;
    const id = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;

    return typeof id === 'number' && Number.isInteger(id) ? id : undefined;
  }
  const value = values.get(lookupField);

  return value === undefined || value === null || value === '' ? undefined : value;
}

/** The instance's leads, in memory. Emails are not unique, as in Marketo. */
export class LeadStore {
  private readonly leads = new Map<number, StoredLead>();
  /** Lower-cased email → ids of the leads holding it: every sync looks leads up by email. */
  private readonly byEmail = new Map<string, Set<number>>();
  /** REST names of fields a test deleted: gone from the describes, refused on writes. */
  private readonly deleted = new Set<string>();
  private nextId = FIRST_LEAD_ID;

  constructor(private readonly clock: Clock) {}

  list(): MarketoLead[] {
    return [...this.leads.values()].map((lead) => this.view(lead));
  }

  get(id: number): MarketoLead | undefined {
    const lead = this.leads.get(id);

    return lead ? this.view(lead) : undefined;
  }

  has(id: number): boolean {
    return this.leads.has(id);
  }

  /** Leads whose `field` equals `value` (emails compared case-insensitively), by id. */
  findIds(field: string, value: LeadValue): number[] {
    const canonical = leadField(field)?.name ?? field;
    if (canonical === 'id') {
      const id = Number(value);

      return this.leads.has(id) ? [id] : [];
    }
    if (canonical === 'email' && typeof value === 'string') {
      return [...(this.byEmail.get(value.toLowerCase()) ?? [])].sort((a, b) => a - b);
    }

    return [...this.leads.values()]
      .filter((lead) => sameValue(lead.values.get(canonical), value, canonical))
      .map((lead) => lead.id);
  }

  /** Inserts a lead with the values Sync Leads would accept; throws when one is refused. */
  seed(values: Record<string, unknown>): number {
    const prepared = this.prepare(values, 'createDuplicate');
    if (!prepared.ok) throw new RangeError(`${prepared.reason.code}: ${prepared.reason.message}`);

    return this.create(prepared.values).id;
  }

  delete(id: number): void {
    const lead = this.leads.get(id);
    if (!lead) throw new RangeError(`No lead ${id}`);
    this.unindex(lead);
    this.leads.delete(id);
  }

  /** Sync Leads: one result per input record, in input order, applied one after the other. */
  sync(request: SyncRequest): SyncRecordResult[] {
    return request.input.map((input) => this.syncOne(request, input));
  }

  /** Deletes a field, as an admin deleting a custom field or hiding it from the API user. */
  deleteField(name: string): void {
    const field = leadField(name);
    if (!field) throw new RangeError(`No lead field ${name}`);
    this.deleted.add(field.name);
  }

  /** Brings a deleted field back, as an admin un-hiding it. */
  restoreField(name: string): void {
    const field = leadField(name);
    if (!field || !this.deleted.delete(field.name)) {
      throw new RangeError(`No deleted lead field ${name}`);
    }
  }

  deletedFields(): ReadonlySet<string> {
    return this.deleted;
  }

  reset(): void {
    this.deleted.clear();
    this.leads.clear();
    this.byEmail.clear();
    this.nextId = FIRST_LEAD_ID;
  }

  private syncOne(request: SyncRequest, input: unknown): SyncRecordResult {
    if (request.partitionName !== DEFAULT_PARTITION) {
      return skipped('1008', `Access denied to partition '${request.partitionName}'`);
    }
    if (!isRecord(input)) return skipped('1003', 'Invalid input');
    const prepared = this.prepare(input, request.action);
    if (!prepared.ok) return { status: 'skipped', reasons: [prepared.reason] };

    const { action, lookupField } = request;
    const lookupValue = lookupValueOf(input, prepared.values, lookupField);
    if (action === 'createDuplicate' || (action === 'createOnly' && lookupValue === undefined)) {
      return { id: this.create(prepared.values).id, status: 'created' };
    }
    if (lookupValue === undefined) {
      return skipped('1003', `Value for lookup field '${lookupField}' not specified`);
    }

    const matches = this.findIds(lookupField, lookupValue);
    if (action === 'createOnly') {
      if (matches.length > 0) return skipped('1005', 'Lead already exists');

      return { id: this.create(prepared.values).id, status: 'created' };
    }
    if (matches.length > 1) return skipped('1007', 'Multiple lead match lookup criteria');
    const [id] = matches;
    const existing = id === undefined ? undefined : this.leads.get(id);
    if (!existing) {
      if (action === 'updateOnly') return skipped('1004', 'Lead not found');

      return { id: this.create(prepared.values).id, status: 'created' };
    }
    this.update(existing, prepared.values);

    return { id: existing.id, status: 'updated' };
  }

  /** Validates field names and values; `id` is only accepted as the key of `updateOnly`. */
  private prepare(input: Record<string, unknown>, action: SyncAction): Prepared {
    const values = new Map<string, LeadValue>();
    for (const [name, raw] of Object.entries(input)) {
      const found = leadField(name);
      const field = found && !this.deleted.has(found.name) ? found : undefined;
      if (!field) return { ok: false, reason: marketoError('1006', `Field '${name}' not found`) };
      if (field.name === 'id') {
        if (action === 'updateOnly') continue;

        return { ok: false, reason: marketoError('1003', `Invalid value for field 'id'`) };
      }
      if (field.readOnly || SYSTEM_FIELDS.includes(field.name)) {
        return { ok: false, reason: marketoError('1003', `Invalid fields [${field.name}]`) };
      }
      const checked = checkValue(field, raw);
      if (!checked.ok) return { ok: false, reason: marketoError('1003', checked.message) };
      values.set(field.name, checked.value);
    }

    return { ok: true, values };
  }

  private create(values: Map<string, LeadValue>): StoredLead {
    const now = this.clock.now();
    const lead: StoredLead = { id: this.nextId, createdAt: now, updatedAt: now, values };
    this.nextId += 1;
    this.leads.set(lead.id, lead);
    this.index(lead);

    return lead;
  }

  private update(lead: StoredLead, values: Map<string, LeadValue>): void {
    this.unindex(lead);
    for (const [name, value] of values) lead.values.set(name, value);
    this.index(lead);
    lead.updatedAt = this.clock.now();
  }

  private index(lead: StoredLead): void {
    const email = lead.values.get('email');
    if (typeof email !== 'string') return;
    const key = email.toLowerCase();
    this.byEmail.set(key, (this.byEmail.get(key) ?? new Set()).add(lead.id));
  }

  private unindex(lead: StoredLead): void {
    const email = lead.values.get('email');
    if (typeof email !== 'string') return;
    const ids = this.byEmail.get(email.toLowerCase());
    ids?.delete(lead.id);
    if (ids?.size === 0) this.byEmail.delete(email.toLowerCase());
  }

  private view(lead: StoredLead): MarketoLead {
    return {
      id: lead.id,
      ...Object.fromEntries(lead.values),
      createdAt: marketoTimestamp(lead.createdAt),
      updatedAt: marketoTimestamp(lead.updatedAt),
    };
  }
}
