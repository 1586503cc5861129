import contactsSchema from '../../fixtures/hubspot/crm_v3_schemas_contacts.json';
import { COMPANY_PROPERTIES } from './company-properties';
import type { HubSpotObjectType } from './objects';

export interface PropertyOption {
  label: string;
  value: string;
  displayOrder: number;
  hidden: boolean;
  description?: string;
}

export interface ModificationMetadata {
  archivable: boolean;
  readOnlyDefinition: boolean;
  readOnlyValue: boolean;
  readOnlyOptions?: boolean;
}

/** A CRM property as `GET /crm/v3/properties/{objectType}` returns it. */
export interface PropertyDefinition {
  name: string;
  label: string;
  /** `string`, `number`, `date`, `datetime`, `enumeration`, `bool`, `phone_number`. */
  type: string;
  /** `text`, `textarea`, `select`, `radio`, `checkbox`, `booleancheckbox`, `number`, `date`… */
  fieldType: string;
  description?: string;
  groupName: string;
  options: PropertyOption[];
  displayOrder: number;
  calculated: boolean;
  externalOptions: boolean;
  hasUniqueValue: boolean;
  hidden: boolean;
  hubspotDefined?: boolean;
  modificationMetadata: ModificationMetadata;
  formField: boolean;
  createdAt?: string;
  updatedAt?: string;
  archived?: boolean;
  referencedObjectType?: string;
  calculationFormula?: string;
  showCurrencySymbol?: boolean;
}

/** Property attributes a test may change (see `HubSpotEmulator.overrideProperty`). */
export type PropertyOverride = Partial<
  Pick<
    PropertyDefinition,
    'label' | 'options' | 'hasUniqueValue' | 'hidden' | 'externalOptions' | 'calculated'
  >
> & { readOnlyValue?: boolean };

/**
 * Contacts: the captured v3 property list of one portal (fixtures/SOURCES.md). Companies: no
 * capture exists; `company-properties.ts` assembles HubSpot's default company properties.
 */
const FIXTURES: Record<HubSpotObjectType, readonly PropertyDefinition[]> = {
  contacts: contactsSchema.properties,
  companies: COMPANY_PROPERTIES,
};

/** Per-emulator copy of the property lists, with overrides applied. */
export class PropertyRegistry {
  private readonly overrides = new Map<HubSpotObjectType, Map<string, PropertyOverride>>();
  private readonly cache = new Map<HubSpotObjectType, Map<string, PropertyDefinition>>();
  /** Properties deleted by a test, per type: gone from the lists, refused on writes. */
  private readonly deleted = new Map<HubSpotObjectType, Set<string>>();

  list(type: HubSpotObjectType): PropertyDefinition[] {
    return [...this.byName(type).values()];
  }

  get(type: HubSpotObjectType, name: string): PropertyDefinition | undefined {
    return this.byName(type).get(name);
  }

  /** Properties usable as `idProperty`: unique-valued ones, and `email` for contacts. */
  isIdProperty(type: HubSpotObjectType, name: string): boolean {
    if (type === 'contacts' && name === 'email') return true;

    return this.get(type, name)?.hasUniqueValue === true;
  }

  override(type: HubSpotObjectType, name: string, patch: PropertyOverride): void {
    if (!this.get(type, name)) throw new RangeError(`No property ${name} on ${type}`);
    const patches = this.overrides.get(type) ?? new Map<string, PropertyOverride>();
    patches.set(name, { ...patches.get(name), ...patch });
    this.overrides.set(type, patches);
    this.cache.delete(type);
  }

  /** Deletes a property, as an admin deleting a custom property. */
  delete(type: HubSpotObjectType, name: string): void {
    if (!this.get(type, name)) throw new RangeError(`No property ${name} on ${type}`);
    const deleted = this.deleted.get(type) ?? new Set<string>();
    deleted.add(name);
    this.deleted.set(type, deleted);
    this.cache.delete(type);
  }

  /** Restores a deleted property, as an admin restoring it from the deleted properties. */
  restore(type: HubSpotObjectType, name: string): void {
    if (!this.deleted.get(type)?.delete(name)) {
      throw new RangeError(`No deleted property ${name} on ${type}`);
    }
    this.cache.delete(type);
  }

  reset(): void {
    this.deleted.clear();
    this.overrides.clear();
    this.cache.clear();
  }

  private byName(type: HubSpotObjectType): Map<string, PropertyDefinition> {
    const cached = this.cache.get(type);
    if (cached) return cached;

    const patches = this.overrides.get(type);
    const map = new Map<string, PropertyDefinition>();
    for (const base of FIXTURES[type]) {
      if (this.deleted.get(type)?.has(base.name)) continue;
      const patch = patches?.get(base.name);
      map.set(base.name, patch ? applyOverride(base, patch) : base);
    }
    this.cache.set(type, map);

    return map;
  }
}

function applyOverride(base: PropertyDefinition, patch: PropertyOverride): PropertyDefinition {
  const { readOnlyValue, ...rest } = patch;
  const property: PropertyDefinition = { ...base, ...rest };
  if (readOnlyValue !== undefined) {
    property.modificationMetadata = { ...base.modificationMetadata, readOnlyValue };
  }

  return property;
}
