import { salesforceTimestamp, type Clock } from './clock';
import { SALESFORCE_USER } from './constants';
import { normaliseId, recordId } from './ids';
import type { SchemaRegistry, SObjectType } from './schema';

export type FieldValue = string | number | boolean | null;

/** A stored record: canonical field API name → value. Always carries `Id`. */
export type SalesforceRecord = Record<string, FieldValue>;

interface Entry {
  type: SObjectType;
  record: SalesforceRecord;
  deleted: boolean;
}

/** In-memory org data. Deleted records stay (as in the recycle bin) so their ids stay known. */
export class RecordStore {
  private readonly entries = new Map<string, Entry>();
  private readonly sequences = new Map<SObjectType, number>();

  constructor(
    private readonly schema: SchemaRegistry,
    private readonly clock: Clock,
  ) {}

  /** Stores validated values as a new record, filling system and defaulted fields. */
  insert(type: SObjectType, values: SalesforceRecord): SalesforceRecord {
    const describe = this.schema.describe(type);
    const sequence = (this.sequences.get(type) ?? 0) + 1;
    this.sequences.set(type, sequence);

    const id = recordId(describe.keyPrefix, sequence);
    const now = salesforceTimestamp(this.clock.now());
    const record: SalesforceRecord = {};
    for (const field of describe.fields) {
      if (!field.defaultedOnCreate || !field.createable) continue;
      if (field.type === 'boolean') record[field.name] = false;
      const defaultOption = field.picklistValues.find((option) => option.defaultValue);
      if (defaultOption) record[field.name] = defaultOption.value;
    }
    Object.assign(record, values, {
      Id: id,
      IsDeleted: false,
      CreatedDate: now,
      CreatedById: SALESFORCE_USER.id,
      LastModifiedDate: now,
      LastModifiedById: SALESFORCE_USER.id,
      SystemModstamp: now,
    });
    if (this.schema.field(type, 'OwnerId') && record.OwnerId === undefined) {
      record.OwnerId = SALESFORCE_USER.id;
    }
    this.deriveName(type, record);
    this.entries.set(id, { type, record, deleted: false });
    if (type === 'Campaign') this.insertDefaultStatuses(id);

    return record;
  }

  /** A new campaign comes with the member statuses Sent (the default) and Responded. */
  private insertDefaultStatuses(campaignId: string): void {
    const defaults = [
      { Label: 'Sent', SortOrder: 1, IsDefault: true, HasResponded: false },
      { Label: 'Responded', SortOrder: 2, IsDefault: false, HasResponded: true },
    ];
    for (const status of defaults)
      this.insert('CampaignMemberStatus', { CampaignId: campaignId, ...status });
  }

  update(id: string, values: SalesforceRecord): SalesforceRecord | undefined {
    const entry = this.entry(id);
    if (!entry || entry.deleted) return undefined;

    const now = salesforceTimestamp(this.clock.now());
    Object.assign(entry.record, values, {
      LastModifiedDate: now,
      LastModifiedById: SALESFORCE_USER.id,
      SystemModstamp: now,
    });
    this.deriveName(entry.type, entry.record);

    return entry.record;
  }

  /** Marks a live record deleted; returns false when it is unknown or already deleted. */
  delete(id: string): boolean {
    const entry = this.entry(id);
    if (!entry || entry.deleted) return false;
    entry.deleted = true;
    entry.record.IsDeleted = true;

    return true;
  }

  /** A live record of the given type. */
  get(type: SObjectType, id: string): SalesforceRecord | undefined {
    const entry = this.entry(id);

    return entry && entry.type === type && !entry.deleted ? entry.record : undefined;
  }

  /** True when the id belongs to a record of this type that was deleted. */
  isDeleted(type: SObjectType, id: string): boolean {
    const entry = this.entry(id);

    return entry !== undefined && entry.type === type && entry.deleted;
  }

  list(type: SObjectType, options: { includeDeleted?: boolean } = {}): SalesforceRecord[] {
    const records: SalesforceRecord[] = [];
    for (const entry of this.entries.values()) {
      if (entry.type !== type || (entry.deleted && !options.includeDeleted)) continue;
      records.push(entry.record);
    }

    return records;
  }

  reset(): void {
    this.entries.clear();
    this.sequences.clear();
  }

  private entry(id: string): Entry | undefined {
    const id18 = normaliseId(id);

    return id18 === undefined ? undefined : this.entries.get(id18);
  }

  /** Lead and Contact `Name` is the read-only compound of first and last name. */
  private deriveName(type: SObjectType, record: SalesforceRecord): void {
    if (type !== 'Lead' && type !== 'Contact') return;
    const parts = [record.FirstName, record.LastName].filter(
      (part): part is string => typeof part === 'string' && part !== '',
    );
    record.Name = parts.join(' ');
  }
}
