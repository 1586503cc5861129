import type { Clock } from './clock';
import { COMPANY_ID_BASE, CONTACT_ID_BASE, CONTACT_TO_COMPANY_TYPE_ID } from './constants';
import type { HubSpotObjectType } from './objects';

/** A stored CRM object. Property values are strings, as HubSpot returns them. */
export interface HubSpotRecord {
  id: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

interface Entry {
  record: HubSpotRecord;
  /** When the search index sees this version of the record. */
  indexedAt: number;
}

export interface Association {
  contactId: string;
  companyId: string;
  associationTypeId: number;
}

const ID_BASE: Record<HubSpotObjectType, number> = {
  contacts: CONTACT_ID_BASE,
  companies: COMPANY_ID_BASE,
};

/** Last-modified property name per object type. */
const MODIFIED_PROPERTY: Record<HubSpotObjectType, string> = {
  contacts: 'lastmodifieddate',
  companies: 'hs_lastmodifieddate',
};

/** Property values compared case-insensitively (HubSpot stores emails lower-cased). */
export function normaliseIdValue(property: string, value: string): string {
  return property === 'email' || property === 'domain' ? value.trim().toLowerCase() : value;
}

/** Properties looked up by value often enough (every upsert by email) to keep an index of. */
const INDEXED_PROPERTIES = ['email', 'domain'];

/** In-memory CRM data of the sandbox account. */
export class RecordStore {
  private readonly entries = new Map<HubSpotObjectType, Map<string, Entry>>();
  /** Type → property → normalised value → ids of the objects holding it. */
  private readonly indexes = new Map<HubSpotObjectType, Map<string, Map<string, Set<string>>>>();
  private readonly sequences = new Map<HubSpotObjectType, number>();
  private associations: Association[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly indexDelayMs: () => number,
  ) {}

  /** Stores validated values as a new object, filling the properties HubSpot sets itself. */
  create(type: HubSpotObjectType, values: Record<string, string>): HubSpotRecord {
    const sequence = (this.sequences.get(type) ?? 0) + 1;
    this.sequences.set(type, sequence);
    const id = String(ID_BASE[type] + sequence);
    const now = this.clock.iso();

    const properties: Record<string, string> = { ...values };
    properties.createdate = now;
    properties[MODIFIED_PROPERTY[type]] = now;
    properties.hs_object_id = id;
    if (type === 'contacts') {
      properties.hs_all_contact_vids = id;
      properties.hs_is_contact = 'true';
      properties.hs_is_unworked = 'true';
      properties.hs_pipeline = 'contacts-lifecycle-pipeline';
    } else {
      properties.hs_pipeline = 'companies-lifecycle-pipeline';
      properties.num_associated_contacts = '0';
      if (properties.domain && !properties.website) properties.website = properties.domain;
    }
    deriveProperties(type, properties);
    this.index(type, id, {}, properties);

    const record: HubSpotRecord = {
      id,
      properties,
      createdAt: now,
      updatedAt: now,
      archived: false,
    };
    this.table(type).set(id, { record, indexedAt: this.clock.now() + this.indexDelayMs() });

    return record;
  }

  update(
    type: HubSpotObjectType,
    id: string,
    values: Record<string, string>,
  ): HubSpotRecord | undefined {
    const entry = this.table(type).get(id);
    if (!entry || entry.record.archived) return undefined;

    const now = this.clock.iso();
    const before = { ...entry.record.properties };
    Object.assign(entry.record.properties, values, { [MODIFIED_PROPERTY[type]]: now });
    this.index(type, id, before, entry.record.properties);
    deriveProperties(type, entry.record.properties);
    entry.record.updatedAt = now;
    entry.indexedAt = this.clock.now() + this.indexDelayMs();

    return entry.record;
  }

  archive(type: HubSpotObjectType, id: string): boolean {
    const entry = this.table(type).get(id);
    if (!entry || entry.record.archived) return false;
    entry.record.archived = true;
    this.associations = this.associations.filter((association) =>
      type === 'contacts' ? association.contactId !== id : association.companyId !== id,
    );

    return true;
  }

  get(type: HubSpotObjectType, id: string): HubSpotRecord | undefined {
    const record = this.table(type).get(id)?.record;

    return record && !record.archived ? record : undefined;
  }

  /** The live object whose `property` equals `value` (case-insensitive for email and domain). */
  findBy(type: HubSpotObjectType, property: string, value: string): HubSpotRecord | undefined {
    if (property === 'hs_object_id') return this.get(type, value);
    const wanted = normaliseIdValue(property, value);
    if (INDEXED_PROPERTIES.includes(property)) {
      // The first created of the live objects holding the value, as a scan in order finds.
      const ids = this.indexes.get(type)?.get(property)?.get(wanted) ?? [];
      const live = [...ids]
        .map((id) => this.get(type, id))
        .filter((record) => record !== undefined);

      return live.sort((a, b) => Number(a.id) - Number(b.id))[0];
    }
    for (const { record } of this.table(type).values()) {
      const current = record.properties[property];
      if (
        !record.archived &&
        current !== undefined &&
        normaliseIdValue(property, current) === wanted
      ) {
        return record;
      }
    }

    return undefined;
  }

  list(type: HubSpotObjectType): HubSpotRecord[] {
    return [...this.table(type).values()]
      .map((entry) => entry.record)
      .filter((record) => !record.archived);
  }

  /** Live objects the search index already sees. */
  searchable(type: HubSpotObjectType): HubSpotRecord[] {
    const now = this.clock.now();

    return [...this.table(type).values()]
      .filter((entry) => !entry.record.archived && entry.indexedAt <= now)
      .map((entry) => entry.record);
  }

  /** Adds the default contact→company association; false when it already existed. */
  associate(contactId: string, companyId: string): boolean {
    const exists = this.associations.some(
      (association) => association.contactId === contactId && association.companyId === companyId,
    );
    if (exists) return false;
    this.associations.push({ contactId, companyId, associationTypeId: CONTACT_TO_COMPANY_TYPE_ID });

    const contact = this.get('contacts', contactId);
    if (contact && !contact.properties.associatedcompanyid) {
      contact.properties.associatedcompanyid = companyId;
    }
    const company = this.get('companies', companyId);
    if (company) {
      const count = this.associations.filter((item) => item.companyId === companyId).length;
      company.properties.num_associated_contacts = String(count);
    }

    return true;
  }

  listAssociations(): Association[] {
    return this.associations.map((association) => ({ ...association }));
  }

  reset(): void {
    this.entries.clear();
    this.indexes.clear();
    this.sequences.clear();
    this.associations = [];
  }

  /** Moves object `id` in the value indexes from its `before` properties to its `after` ones. */
  private index(
    type: HubSpotObjectType,
    id: string,
    before: Record<string, string>,
    after: Record<string, string>,
  ): void {
    let byProperty = this.indexes.get(type);
    if (!byProperty) {
      byProperty = new Map();
      this.indexes.set(type, byProperty);
    }
    for (const property of INDEXED_PROPERTIES) {
      if (before[property] === after[property]) continue;
      let byValue = byProperty.get(property);
      if (!byValue) {
        byValue = new Map();
        byProperty.set(property, byValue);
      }
      if (before[property] !== undefined) {
        const old = normaliseIdValue(property, before[property]);
        byValue.get(old)?.delete(id);
        if (byValue.get(old)?.size === 0) byValue.delete(old);
      }
      if (after[property] !== undefined) {
        const value = normaliseIdValue(property, after[property]);
        const ids = byValue.get(value) ?? new Set<string>();
        ids.add(id);
        byValue.set(value, ids);
      }
    }
  }

  private table(type: HubSpotObjectType): Map<string, Entry> {
    let table = this.entries.get(type);
    if (!table) {
      table = new Map();
      this.entries.set(type, table);
    }

    return table;
  }
}

/** Properties HubSpot computes from others. */
function deriveProperties(type: HubSpotObjectType, properties: Record<string, string>): void {
  if (type !== 'contacts') return;
  const email = properties.email;
  if (email) properties.hs_email_domain = email.slice(email.lastIndexOf('@') + 1);
}
