import accountDescribe from '../../fixtures/salesforce/sobjects_Account_describe_v42.json';
import campaignDescribe from '../../fixtures/salesforce/sobjects_Campaign_describe.json';
import campaignMemberDescribe from '../../fixtures/salesforce/sobjects_CampaignMember_describe.json';
import campaignMemberStatusDescribe from '../../fixtures/salesforce/sobjects_CampaignMemberStatus_describe.json';
import contactDescribe from '../../fixtures/salesforce/sobjects_Contact_describe.json';
import leadDescribe from '../../fixtures/salesforce/sobjects_Lead_describe.json';

export const SOBJECT_TYPES = [
  'Lead',
  'Contact',
  'Account',
  'Campaign',
  'CampaignMember',
  'CampaignMemberStatus',
] as const;

export type SObjectType = (typeof SOBJECT_TYPES)[number];

export interface PicklistValue {
  active: boolean;
  defaultValue: boolean;
  label: string | null;
  value: string;
}

/** The describe attributes the emulator's validation and queries rely on. */
export interface DescribeField {
  name: string;
  label: string;
  type: string;
  length: number;
  createable: boolean;
  updateable: boolean;
  nillable: boolean;
  defaultedOnCreate: boolean;
  restrictedPicklist: boolean;
  picklistValues: PicklistValue[];
  externalId: boolean;
  idLookup: boolean;
  unique: boolean;
  caseSensitive: boolean;
  /** The objects a reference field may point at. */
  referenceTo?: string[];
}

export interface SObjectDescribe {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  fields: DescribeField[];
}

/** Describe attributes a test may change on one field (see `SalesforceEmulator.overrideField`). */
export type FieldOverride = Partial<
  Pick<
    DescribeField,
    | 'label'
    | 'length'
    | 'createable'
    | 'updateable'
    | 'nillable'
    | 'defaultedOnCreate'
    | 'restrictedPicklist'
    | 'picklistValues'
    | 'externalId'
    | 'unique'
  >
>;

/** A custom picklist field an admin creates in Setup (see `SalesforceEmulator.addPicklistField`). */
export interface CustomPicklistField {
  /** API name, ending in `__c`. */
  name: string;
  label: string;
  /** A multi-select picklist (values joined by `;`) rather than a single-value one. */
  multiSelect: boolean;
  values: string[];
  restricted: boolean;
}

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
type JsonObject = { [key: string]: JsonValue };

interface Fixture {
  model: SObjectDescribe;
  raw: JsonObject;
}

/** Captured from a Developer Edition org at API v42.0 (see fixtures/SOURCES.md). */
const FIXTURE_VERSION_PATH = '/services/data/v42.0/';
const FIXTURE_HOST = 'https://example-dev-ed.my.salesforce.com';

const FIXTURES: Record<SObjectType, Fixture> = {
  Lead: { model: leadDescribe, raw: leadDescribe },
  Contact: { model: contactDescribe, raw: contactDescribe },
  Account: { model: accountDescribe, raw: accountDescribe },
  Campaign: { model: campaignDescribe, raw: campaignDescribe },
  CampaignMember: { model: campaignMemberDescribe, raw: campaignMemberDescribe },
  CampaignMemberStatus: { model: campaignMemberStatusDescribe, raw: campaignMemberStatusDescribe },
};

export function isSObjectType(value: string): value is SObjectType {
  return (SOBJECT_TYPES as readonly string[]).includes(value);
}

/** Resolves a type name the way Salesforce does in URLs and SOQL: case-insensitively. */
export function resolveSObjectType(value: string): SObjectType | undefined {
  return SOBJECT_TYPES.find((type) => type.toLowerCase() === value.toLowerCase());
}

/** Per-emulator copy of the captured describes, with field overrides applied. */
export class SchemaRegistry {
  private readonly overrides = new Map<SObjectType, Map<string, FieldOverride>>();
  /** Fields deleted by a test, per type: gone from the describe, refused on writes. */
  private readonly deleted = new Map<SObjectType, Set<string>>();
  /** Custom fields added by a test, per type, as model and raw describe entry. */
  private readonly added = new Map<SObjectType, JsonObject[]>();
  private readonly models = new Map<SObjectType, SObjectDescribe>();
  private readonly serialised = new Map<SObjectType, string>();

  describe(type: SObjectType): SObjectDescribe {
    const cached = this.models.get(type);
    if (cached) return cached;

    const base = FIXTURES[type].model;
    const patches = this.overrides.get(type);
    const model: SObjectDescribe = {
      name: base.name,
      label: base.label,
      labelPlural: base.labelPlural,
      keyPrefix: base.keyPrefix,
      fields: [...base.fields, ...(this.added.get(type) ?? []).map(toDescribeField)]
        .filter((field) => !this.deleted.get(type)?.has(field.name))
        .map((field) => ({ ...field, ...patches?.get(field.name) })),
    };
    this.models.set(type, model);

    return model;
  }

  field(type: SObjectType, name: string): DescribeField | undefined {
    const lower = name.toLowerCase();

    return this.describe(type).fields.find((field) => field.name.toLowerCase() === lower);
  }

  /** The describe body as Salesforce sends it, for the requested API version and host. */
  describeJson(type: SObjectType, version: string, baseUrl: string): string {
    let json = this.serialised.get(type);
    if (json === undefined) {
      json = JSON.stringify(this.rawWithOverrides(type));
      this.serialised.set(type, json);
    }

    return json
      .replaceAll(FIXTURE_VERSION_PATH, `/services/data/v${version}/`)
      .replaceAll(FIXTURE_HOST, baseUrl);
  }

  overrideField(type: SObjectType, fieldName: string, patch: FieldOverride): void {
    const field = this.field(type, fieldName);
    if (!field) throw new RangeError(`No field ${fieldName} on ${type}`);

    const patches = this.overrides.get(type) ?? new Map<string, FieldOverride>();
    patches.set(field.name, { ...patches.get(field.name), ...patch });
    this.overrides.set(type, patches);
    this.models.delete(type);
    this.serialised.delete(type);
  }

  /**
   * Adds a custom picklist or multi-select picklist field, as an admin creating one in Setup. Its
   * describe entry copies the captured custom picklist `Lead.ProductInterest__c`.
   */
  addPicklistField(type: SObjectType, spec: CustomPicklistField): void {
    if (!/^[A-Za-z][A-Za-z0-9_]*__c$/.test(spec.name)) {
      throw new RangeError(`A custom field name ends in __c: ${spec.name}`);
    }
    if (this.field(type, spec.name)) throw new RangeError(`${type} already has ${spec.name}`);
    const template = FIXTURES.Lead.raw.fields;
    const base = Array.isArray(template)
      ? template.find((field) => isJsonObject(field) && field.name === 'ProductInterest__c')
      : undefined;
    if (!base || !isJsonObject(base)) throw new Error('Lead.ProductInterest__c is not captured');
    const length = spec.multiSelect ? 4099 : 255;
    const raw: JsonObject = {
      ...base,
      name: spec.name,
      label: spec.label,
      type: spec.multiSelect ? 'multipicklist' : 'picklist',
      length,
      byteLength: length * 3,
      restrictedPicklist: spec.restricted,
      picklistValues: spec.values.map((value) => ({
        active: true,
        defaultValue: false,
        label: value,
        validFor: null,
        value,
      })),
    };
    this.added.set(type, [...(this.added.get(type) ?? []), raw]);
    this.models.delete(type);
    this.serialised.delete(type);
  }

  /** Deletes a field, as an admin deleting a custom field or hiding one from the API user. */
  deleteField(type: SObjectType, fieldName: string): void {
    const field = this.field(type, fieldName);
    if (!field) throw new RangeError(`No field ${fieldName} on ${type}`);

    const deleted = this.deleted.get(type) ?? new Set<string>();
    deleted.add(field.name);
    this.deleted.set(type, deleted);
    this.models.delete(type);
    this.serialised.delete(type);
  }

  /** Brings a deleted field back, as an admin undeleting it or showing it to the API user again. */
  restoreField(type: SObjectType, fieldName: string): void {
    const deleted = this.deleted.get(type);
    const name = [...(deleted ?? [])].find(
      (entry) => entry.toLowerCase() === fieldName.toLowerCase(),
    );
    if (!deleted || !name) throw new RangeError(`No deleted field ${fieldName} on ${type}`);

    deleted.delete(name);
    this.models.delete(type);
    this.serialised.delete(type);
  }

  reset(): void {
    this.added.clear();
    this.deleted.clear();
    this.overrides.clear();
    this.models.clear();
    this.serialised.clear();
  }

  private rawWithOverrides(type: SObjectType): JsonObject {
    const raw = FIXTURES[type].raw;
    const patches = this.overrides.get(type);
    const deleted = this.deleted.get(type);
    const added = this.added.get(type) ?? [];
    const fields = Array.isArray(raw.fields) ? [...raw.fields, ...added] : raw.fields;
    if ((!patches && !deleted && added.length === 0) || !Array.isArray(fields)) return raw;

    return {
      ...raw,
      fields: fields
        .filter((field) => !(isJsonObject(field) && deleted?.has(String(field.name))))
        .map((field) => {
          if (!isJsonObject(field) || typeof field.name !== 'string') return field;
          const patch = patches?.get(field.name);

          return patch ? { ...field, ...toJsonObject(patch) } : field;
        }),
    };
  }
}

/** The model of a raw describe entry (the attributes `DescribeField` names). */
function toDescribeField(raw: JsonObject): DescribeField {
  return {
    name: String(raw.name),
    label: String(raw.label),
    type: String(raw.type),
    length: Number(raw.length),
    createable: raw.createable === true,
    updateable: raw.updateable === true,
    nillable: raw.nillable === true,
    defaultedOnCreate: raw.defaultedOnCreate === true,
    restrictedPicklist: raw.restrictedPicklist === true,
    picklistValues: (Array.isArray(raw.picklistValues) ? raw.picklistValues : [])
      .filter(isJsonObject)
      .map((option) => ({
        active: option.active === true,
        defaultValue: option.defaultValue === true,
        label: typeof option.label === 'string' ? option.label : null,
        value: String(option.value),
      })),
    externalId: raw.externalId === true,
    idLookup: raw.idLookup === true,
    unique: raw.unique === true,
    caseSensitive: raw.caseSensitive === true,
  };
}

function isJsonObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toJsonObject(patch: FieldOverride): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    result[key] = Array.isArray(value) ? value.map((option) => ({ ...option })) : value;
  }

  return result;
}
