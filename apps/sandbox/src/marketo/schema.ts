import leadsDescribe from '../../fixtures/marketo/leads_describe.json';
import { isRecord } from './envelope';

/** One lead field as Describe Lead returns it (`rest` only when the REST API can use it). */
export interface DescribeField {
  id: number;
  displayName: string;
  dataType: string;
  length?: number;
  rest?: { name: string; readOnly: boolean };
  soap?: { name: string; readOnly: boolean };
}

/** A field usable through REST, by its REST name. */
export interface LeadField {
  name: string;
  displayName: string;
  dataType: string;
  length?: number;
  readOnly: boolean;
}

export type LeadValue = string | number | boolean | null;

export type ValueCheck = { ok: true; value: LeadValue } | { ok: false; message: string };

/** `filterType`s Get Leads by Filter accepts (describe2's `searchableFields`). */
export const SEARCHABLE_FIELDS: readonly string[] = [
  'email',
  'id',
  'cookies',
  'externalCompanyId',
  'externalSalesPersonId',
];

/** Fields Sync Leads accepts as `lookupField`; `id` only with `updateOnly`. */
export const DEDUPE_FIELDS: readonly string[] = ['email', 'id'];

/** Fields the instance maintains itself; they come back in reads and cannot be written. */
export const SYSTEM_FIELDS: readonly string[] = ['id', 'createdAt', 'updatedAt'];

const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const NUMBER = /^-?\d+(\.\d+)?$/;
const INTEGER = /^-?\d+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const TRUE_VALUES = new Set(['true', 'yes', '1']);
const FALSE_VALUES = new Set(['false', 'no', '0']);

function readRest(value: unknown): { name: string; readOnly: boolean } | undefined {
  if (!isRecord(value) || typeof value.name !== 'string') return undefined;

  return { name: value.name, readOnly: value.readOnly === true };
}

function readField(value: unknown): DescribeField {
  if (
    !isRecord(value) ||
    typeof value.id !== 'number' ||
    typeof value.displayName !== 'string' ||
    typeof value.dataType !== 'string'
  ) {
    throw new TypeError(
      `unreadable describe field in the Marketo fixture: ${JSON.stringify(value)}`,
    );
  }
  const field: DescribeField = {
    id: value.id,
    displayName: value.displayName,
    dataType: value.dataType,
  };
  if (typeof value.length === 'number') field.length = value.length;
  const rest = readRest(value.rest);
  if (rest) field.rest = rest;
  const soap = readRest(value.soap);
  if (soap) field.soap = soap;

  return field;
}

/** Captured from a real instance (see fixtures/SOURCES.md): 100 fields incl. test custom fields. */
const DESCRIBE: readonly DescribeField[] = leadsDescribe.result.map(readField);

const FIELDS: readonly LeadField[] = DESCRIBE.flatMap((field) =>
  field.rest
    ? [
        {
          name: field.rest.name,
          displayName: field.displayName,
          dataType: field.dataType,
          ...(field.length === undefined ? {} : { length: field.length }),
          readOnly: field.rest.readOnly,
        },
      ]
    : [],
);

const BY_NAME = new Map(FIELDS.map((field) => [field.name.toLowerCase(), field]));

/** The describe, less the fields a test deleted (by REST name). */
export function describeFields(deleted: ReadonlySet<string> = new Set()): DescribeField[] {
  return DESCRIBE.filter((field) => !(field.rest && deleted.has(field.rest.name))).map((field) => ({
    ...field,
  }));
}

/** Describe Lead2: the "API Lead" object with its searchable fields. */
export function describe2(deleted: ReadonlySet<string> = new Set()): Record<string, unknown> {
  return {
    name: 'API Lead',
    searchableFields: SEARCHABLE_FIELDS.map((name) => [name]),
    fields: FIELDS.filter((field) => !deleted.has(field.name)).map((field) => ({
      name: field.name,
      displayName: field.displayName,
      dataType: field.dataType,
      ...(field.length === undefined ? {} : { length: field.length }),
      updateable: !field.readOnly && !SYSTEM_FIELDS.includes(field.name),
      crmManaged: false,
    })),
  };
}

/** A REST field by name, matched case-insensitively as the instance does. */
export function leadField(name: string): LeadField | undefined {
  return BY_NAME.get(name.toLowerCase());
}

function invalid(field: LeadField, value: unknown): ValueCheck {
  if (field.dataType === 'email') {
    return {
      ok: false,
      message: `Invalid value for field '${field.name}' and value '${String(value)}'`,
    };
  }

  return { ok: false, message: `Invalid value for field '${field.name}'` };
}

/** Checks and converts one written value against the field's data type (1003 when it fails). */
export function checkValue(field: LeadField, value: unknown): ValueCheck {
  if (value === null) return { ok: true, value: null };
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    return invalid(field, value);
  }
  const text = String(value).trim();

  switch (field.dataType) {
    case 'email':
      return text === '' || EMAIL.test(text) ? { ok: true, value: text } : invalid(field, value);
    case 'boolean': {
      const lower = text.toLowerCase();
      if (TRUE_VALUES.has(lower)) return { ok: true, value: true };
      if (FALSE_VALUES.has(lower)) return { ok: true, value: false };

      return invalid(field, value);
    }
    case 'integer':
    case 'score':
    case 'reference':
      if (typeof value === 'boolean' || !INTEGER.test(text)) return invalid(field, value);

      return { ok: true, value: Number(text) };
    case 'float':
    case 'currency':
    case 'percent':
      if (typeof value === 'boolean' || !NUMBER.test(text)) return invalid(field, value);

      return { ok: true, value: Number(text) };
    case 'date':
      return DATE.test(text) && !Number.isNaN(Date.parse(text))
        ? { ok: true, value: text }
        : invalid(field, value);
    case 'datetime':
      return DATETIME.test(text) && !Number.isNaN(Date.parse(text))
        ? { ok: true, value: text }
        : invalid(field, value);
    default:
      return { ok: true, value: String(value) };
  }
}
