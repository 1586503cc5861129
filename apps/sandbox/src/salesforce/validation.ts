import { normaliseId } from './ids';
import type { FieldValue, SalesforceRecord } from './records';
import type { DescribeField, SchemaRegistry, SObjectType } from './schema';

/** One Salesforce error as it appears inside a SaveResult (`statusCode`) or a REST error body. */
export interface SalesforceError {
  statusCode: string;
  message: string;
  fields: string[];
}

export type WriteOperation = 'create' | 'update';

export type ValidationResult =
  { ok: true; values: SalesforceRecord } | { ok: false; error: SalesforceError };

export interface ValidationOptions {
  /** When on, a restricted picklist value that differs from a defined value only by case fails. */
  strictPicklistCase: boolean;
}

const STRING_TYPES = new Set([
  'string',
  'textarea',
  'email',
  'phone',
  'url',
  'picklist',
  'multipicklist',
  'combobox',
  'encryptedstring',
]);
const NUMBER_TYPES = new Set(['double', 'currency', 'percent', 'int', 'long']);
const EMAIL_PATTERN =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** Keys of a write payload that are envelope, not fields. */
const ENVELOPE_KEYS = new Set(['attributes']);

export function salesforceError(
  statusCode: string,
  message: string,
  fields: string[] = [],
): SalesforceError {
  return { statusCode, message, fields };
}

function isBlank(value: FieldValue | undefined): boolean {
  return value === undefined || value === null || value === '';
}

/**
 * Checks one record payload against the object's describe the way the org would, and converts
 * accepted values to their stored form (numbers, booleans, canonical picklist values, 18-char ids).
 */
export function validateWrite(
  schema: SchemaRegistry,
  type: SObjectType,
  payload: Record<string, unknown>,
  operation: WriteOperation,
  options: ValidationOptions,
): ValidationResult {
  const entries: Array<[DescribeField, unknown]> = [];
  const notWritable: string[] = [];
  for (const [key, value] of Object.entries(payload)) {
    if (ENVELOPE_KEYS.has(key)) continue;
    const field = schema.field(type, key);
    if (!field) {
      return {
        ok: false,
        error: salesforceError(
          'INVALID_FIELD',
          `No such column '${key}' on sobject of type ${type}`,
        ),
      };
    }
    const writable = operation === 'create' ? field.createable : field.updateable;
    if (!writable) notWritable.push(field.name);
    entries.push([field, value]);
  }

  if (notWritable.length > 0) {
    return {
      ok: false,
      error: salesforceError(
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to create/update fields: ${notWritable.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        notWritable,
      ),
    };
  }

  const values: SalesforceRecord = {};
  for (const [field, raw] of entries) {
    const converted = convertValue(field, raw, options);
    if (!converted.ok) return converted;
    values[field.name] = converted.value;
  }

  const missing = schema
    .describe(type)
    .fields.filter((field) => isRequired(field, operation, values))
    .map((field) => field.name);
  if (missing.length > 0) {
    return {
      ok: false,
      error: salesforceError(
        'REQUIRED_FIELD_MISSING',
        `Required fields are missing: [${missing.join(', ')}]`,
        missing,
      ),
    };
  }

  return { ok: true, values };
}

/** On create a required field must be given; on update it must not be cleared. */
function isRequired(field: DescribeField, operation: WriteOperation, values: SalesforceRecord) {
  if (field.nillable || field.type === 'boolean') return false;
  if (operation === 'create') {
    return field.createable && !field.defaultedOnCreate && isBlank(values[field.name]);
  }

  return field.updateable && field.name in values && isBlank(values[field.name]);
}

type Conversion = { ok: true; value: FieldValue } | { ok: false; error: SalesforceError };

function convertValue(field: DescribeField, raw: unknown, options: ValidationOptions): Conversion {
  if (raw === null || raw === undefined) return { ok: true, value: null };

  const typeError = (): Conversion => ({
    ok: false,
    error: salesforceError(
      'INVALID_TYPE_ON_FIELD_IN_RECORD',
      `${field.label}: value not of required type: ${displayValue(raw)}`,
      [field.name],
    ),
  });

  if (STRING_TYPES.has(field.type)) {
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
      return typeError();
    }

    return convertText(field, String(raw), options);
  }
  if (NUMBER_TYPES.has(field.type)) {
    if (raw === '') return { ok: true, value: null };
    const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof value !== 'number' || !Number.isFinite(value)) return typeError();
    if ((field.type === 'int' || field.type === 'long') && !Number.isInteger(value)) {
      return typeError();
    }

    return { ok: true, value };
  }
  if (field.type === 'boolean') {
    if (typeof raw === 'boolean') return { ok: true, value: raw };
    if (raw === 'true' || raw === 'false') return { ok: true, value: raw === 'true' };

    return typeError();
  }
  if (field.type === 'date') {
    if (typeof raw !== 'string') return typeError();
    if (raw === '') return { ok: true, value: null };
    if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(raw))) return typeError();

    return { ok: true, value: raw };
  }
  if (field.type === 'datetime') {
    if (typeof raw !== 'string') return typeError();
    if (raw === '') return { ok: true, value: null };
    const ms = Date.parse(raw);
    if (Number.isNaN(ms)) return typeError();

    return { ok: true, value: new Date(ms).toISOString().replace('Z', '+0000') };
  }
  if (field.type === 'reference' || field.type === 'id') {
    if (typeof raw !== 'string') return typeError();
    if (raw === '') return { ok: true, value: null };
    const id = normaliseId(raw);
    if (id === undefined) {
      return {
        ok: false,
        error: salesforceError(
          'MALFORMED_ID',
          `${field.label}: id value of incorrect type: ${raw}`,
          [field.name],
        ),
      };
    }

    return { ok: true, value: id };
  }

  return typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean'
    ? { ok: true, value: raw }
    : typeError();
}

function convertText(field: DescribeField, text: string, options: ValidationOptions): Conversion {
  if (text === '') return { ok: true, value: null };

  if (field.length > 0 && [...text].length > field.length) {
    return {
      ok: false,
      error: salesforceError(
        'STRING_TOO_LONG',
        `${field.label}: data value too large: ${text} (max length=${field.length})`,
        [field.name],
      ),
    };
  }
  if (field.type === 'email' && !EMAIL_PATTERN.test(text)) {
    return {
      ok: false,
      error: salesforceError(
        'INVALID_EMAIL_ADDRESS',
        `${field.label}: invalid email address: ${text}`,
        [field.name],
      ),
    };
  }
  if (field.type === 'picklist' || field.type === 'combobox') {
    return convertPicklistValue(field, text, options);
  }
  if (field.type === 'multipicklist') {
    const parts: string[] = [];
    for (const part of text.split(';')) {
      const converted = convertPicklistValue(field, part.trim(), options);
      if (!converted.ok) return converted;
      if (typeof converted.value === 'string') parts.push(converted.value);
    }

    return { ok: true, value: parts.join(';') };
  }

  return { ok: true, value: text };
}

/**
 * Picklist values compare case-insensitively and take the defined value's casing (KB 000386557).
 * Restricted picklists reject values that are not defined in any casing, and — with strict case
 * switched on — values that differ from a defined one only by case.
 */
function convertPicklistValue(
  field: DescribeField,
  text: string,
  options: ValidationOptions,
): Conversion {
  const active = field.picklistValues.filter((option) => option.active);
  const exact = active.find((option) => option.value === text);
  if (exact) return { ok: true, value: exact.value };

  const folded = active.find((option) => option.value.toLowerCase() === text.toLowerCase());
  if (!field.restrictedPicklist) return { ok: true, value: folded ? folded.value : text };
  if (folded && !options.strictPicklistCase) return { ok: true, value: folded.value };

  return {
    ok: false,
    error: salesforceError(
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      `${field.label}: bad value for restricted picklist field: ${text}`,
      [field.name],
    ),
  };
}

function displayValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
