import { isEmail } from 'class-validator';
import {
  normalisedError,
  type ErrorCategory,
  type FieldValue,
  type NormalisedError,
  type RemoteField,
  type RemoteFieldType,
} from '@libs/connector-sdk';
import { LEAD_FIELDS, type LeadFieldType } from '@libs/leads';
import { ValueFormat, type MappingRow } from './mapping-row.entity';

export type MappingProblemCode =
  | 'MISSING_REMOTE_FIELD'
  | 'READ_ONLY_FIELD'
  | 'TYPE_MISMATCH'
  | 'VALUE_TOO_LONG'
  | 'INVALID_VALUE'
  | 'REQUIRED_FIELD_UNMAPPED';

/** Why a mapping row (or an object's mapping) cannot work, and how its leads would fail. */
export interface MappingProblem {
  code: MappingProblemCode;
  category: ErrorCategory;
  /** The remote field concerned. */
  field: string;
  message: string;
}

interface ValueProblem {
  code: string;
  message: string;
}

const TEXT_TYPES: ReadonlySet<RemoteFieldType> = new Set([
  'string',
  'textarea',
  'email',
  'phone',
  'url',
  'picklist',
  'multipicklist',
  'other',
]);

/** Mobly field types each remote type takes from a lead field; `any` for free text. */
const ACCEPTED: Readonly<Record<RemoteFieldType, readonly LeadFieldType[] | 'any'>> = {
  string: 'any',
  textarea: 'any',
  picklist: 'any',
  multipicklist: 'any',
  other: 'any',
  email: ['email'],
  phone: ['phone', 'text', 'number'],
  url: ['url', 'text'],
  number: ['number'],
  boolean: [],
  date: [],
  datetime: [],
  reference: [],
  id: [],
};

const LEAD_FIELD_TYPES = new Map(LEAD_FIELDS.map((field) => [field.path, field.type]));

function allowedOption(field: RemoteField, value: string): boolean {
  const lower = value.toLowerCase();

  return (field.picklist?.options ?? []).some(
    (option) => option.active && option.value.toLowerCase() === lower,
  );
}

/** Whether a value can be written to a remote field as it is described. */
export function valueProblem(value: FieldValue, field: RemoteField): ValueProblem | undefined {
  if (value === null) return undefined;
  const text = String(value);
  switch (field.type) {
    case 'number':
      if (typeof value !== 'number' && (text.trim() === '' || !Number.isFinite(Number(text)))) {
        return { code: 'INVALID_NUMBER', message: `${field.name}: "${text}" is not a number` };
      }
      break;
    case 'email':
      if (!isEmail(text)) {
        return { code: 'INVALID_EMAIL', message: `${field.name}: "${text}" is not an email` };
      }
      break;
    case 'boolean':
      if (typeof value !== 'boolean' && !['true', 'false'].includes(text.toLowerCase())) {
        return { code: 'INVALID_BOOLEAN', message: `${field.name}: "${text}" is not true/false` };
      }
      break;
    case 'date':
    case 'datetime':
      if (Number.isNaN(Date.parse(text))) {
        return { code: 'INVALID_DATE', message: `${field.name}: "${text}" is not a date` };
      }
      break;
    default:
      break;
  }
  if (field.picklist?.restricted && (field.type === 'picklist' || field.type === 'multipicklist')) {
    const values = field.type === 'multipicklist' ? text.split(';') : [text];
    const bad = values.find((candidate) => !allowedOption(field, candidate));
    if (bad !== undefined) {
      return {
        code: 'INVALID_PICKLIST_VALUE',
        message: `${field.name}: "${bad}" is not one of the picklist's values`,
      };
    }
  }
  if (TEXT_TYPES.has(field.type) && field.length && text.length > field.length) {
    return {
      code: 'STRING_TOO_LONG',
      message: `${field.name}: ${text.length} characters, max length=${field.length}`,
    };
  }

  return undefined;
}

function problem(
  code: MappingProblemCode,
  category: ErrorCategory,
  field: string,
  message: string,
): MappingProblem {
  return { code, category, field, message };
}

/** The literal values a row can write whatever the lead: its constant and value-map outputs. */
function literals(row: MappingRow): string[] {
  return [
    ...(row.constant !== null && row.constant !== undefined ? [row.constant] : []),
    ...Object.values(row.valueMap ?? {}).filter((value) => value !== ''),
  ];
}

function typeMismatch(row: MappingRow, field: RemoteField): MappingProblem | undefined {
  if (row.constant !== null && row.constant !== undefined) return undefined;
  const type: LeadFieldType = row.template
    ? 'text'
    : (LEAD_FIELD_TYPES.get(row.source ?? '') ?? 'text');
  const accepted = ACCEPTED[field.type];
  const emailFromText = field.type === 'email' && row.format === ValueFormat.FirstEmail;
  // A value map turns any value into text the remote field may accept: its outputs are checked.
  const mapped = row.valueMap && Object.keys(row.valueMap).length > 0 && field.type !== 'number';
  if (accepted === 'any' || accepted.includes(type) || emailFromText || mapped) return undefined;

  return problem(
    'TYPE_MISMATCH',
    'DATA_VALUE_VALIDATION',
    field.name,
    `a ${type} value cannot be written to ${field.name}, a ${field.vendorType} field`,
  );
}

/** Everything that stops a row from working against the cached remote schema. */
export function rowProblems(
  row: MappingRow,
  fields: ReadonlyMap<string, RemoteField>,
): MappingProblem[] {
  const field = fields.get(row.target);
  if (!field) {
    return [
      problem(
        'MISSING_REMOTE_FIELD',
        'MISSING_REMOTE_FIELD',
        row.target,
        `${row.target} is not in the remote schema (deleted, renamed or hidden)`,
      ),
    ];
  }
  const problems: MappingProblem[] = [];
  if (field.readOnly) {
    problems.push(
      problem(
        'READ_ONLY_FIELD',
        'PERMISSION_DENIED',
        field.name,
        `${field.name} is read-only for the connected user`,
      ),
    );
  }
  const mismatch = typeMismatch(row, field);
  if (mismatch) problems.push(mismatch);
  for (const literal of literals(row)) {
    if (row.truncate && field.length && literal.length > field.length) continue;
    const found = valueProblem(literal, field);
    if (!found) continue;
    const code = found.code === 'STRING_TOO_LONG' ? 'VALUE_TOO_LONG' : 'INVALID_VALUE';
    problems.push(problem(code, 'DATA_VALUE_VALIDATION', field.name, found.message));
  }

  return problems;
}

/** Remote fields every created record needs that no row writes. */
export function requiredUnmapped(
  rows: MappingRow[],
  fields: ReadonlyMap<string, RemoteField>,
): MappingProblem[] {
  const targets = new Set(rows.map((row) => row.target));

  return [...fields.values()]
    .filter((field) => field.required && !field.readOnly && !targets.has(field.name))
    .map((field) =>
      problem(
        'REQUIRED_FIELD_UNMAPPED',
        'REQUIRED_FIELD_MISSING',
        field.name,
        `${field.name} is required on create and no row writes it`,
      ),
    );
}

const PREFLIGHT = '(checked against the cached remote schema before sending)';

/**
 * Pre-flight of one mapped record: the first reason the vendor would refuse it, judged from the
 * cached schema, so the lead fails without a vendor call. `creating` says the record will be
 * created (no remote id, no natural key to match), so required fields must be present.
 * `object` names a record written along with the one asked for (a Salesforce Lead's Account):
 * its fields are then named `Account.Name`.
 */
export function preflight(
  values: Record<string, FieldValue>,
  fields: ReadonlyMap<string, RemoteField>,
  creating: boolean,
  object?: string,
): NormalisedError | undefined {
  const named = (field: string): string => (object ? `${object}.${field}` : field);
  const failures: NormalisedError[] = [];
  for (const [remote, value] of Object.entries(values)) {
    const name = named(remote);
    const field = fields.get(remote);
    if (!field) {
      failures.push(
        normalisedError({
          category: 'MISSING_REMOTE_FIELD',
          vendorCode: 'FIELD_NOT_IN_SCHEMA',
          vendorMessage: `${name} is not in the remote schema ${PREFLIGHT}`,
          field: name,
        }),
      );
      continue;
    }
    if (field.readOnly) {
      failures.push(
        normalisedError({
          category: 'PERMISSION_DENIED',
          vendorCode: 'READ_ONLY_FIELD',
          vendorMessage: `${name} is read-only ${PREFLIGHT}`,
          field: name,
        }),
      );
      continue;
    }
    const found = valueProblem(value, { ...field, name });
    if (found) {
      failures.push(
        normalisedError({
          category: 'DATA_VALUE_VALIDATION',
          vendorCode: found.code,
          vendorMessage: `${found.message} ${PREFLIGHT}`,
          field: name,
        }),
      );
    }
  }
  if (creating) {
    for (const field of fields.values()) {
      const value = values[field.name];
      if (!field.required || field.readOnly || (value !== null && value !== undefined)) continue;
      failures.push(
        normalisedError({
          category: 'REQUIRED_FIELD_MISSING',
          vendorCode: 'REQUIRED_FIELD_MISSING',
          vendorMessage: `${named(field.name)} is required to create the record ${PREFLIGHT}`,
          field: named(field.name),
        }),
      );
    }
  }
  const order: ErrorCategory[] = [
    'MISSING_REMOTE_FIELD',
    'PERMISSION_DENIED',
    'REQUIRED_FIELD_MISSING',
    'DATA_VALUE_VALIDATION',
  ];

  return failures.sort((a, b) => order.indexOf(a.category) - order.indexOf(b.category))[0];
}
