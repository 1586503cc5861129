import type { FieldValue } from '@mobly/connector-sdk';

import type { WireError, WireField } from './wire';

/** The emulated receiver's `lead` fields, as `GET /schema/lead` serves them. */
export const RECEIVER_LEAD_FIELDS: readonly WireField[] = [
  field('id', 'Id', 'id', { readOnly: true, unique: true }),
  field('email', 'Email', 'email', { required: true, unique: true, maxLength: 254 }),
  field('first_name', 'First name', 'string', { maxLength: 80 }),
  field('last_name', 'Last name', 'string', { maxLength: 80 }),
  field('job_title', 'Job title', 'string', { maxLength: 128 }),
  field('company', 'Company', 'string', { maxLength: 255 }),
  field('industry', 'Industry', 'string', { maxLength: 80 }),
  field('website', 'Website', 'url', { maxLength: 255 }),
  field('phone', 'Phone', 'phone', { maxLength: 40 }),
  field('mobile_phone', 'Mobile phone', 'phone', { maxLength: 40 }),
  field('city', 'City', 'string', { maxLength: 80 }),
  field('country', 'Country', 'string', { maxLength: 80 }),
  field('linkedin_url', 'LinkedIn', 'url', { maxLength: 255 }),
  field('notes', 'Notes', 'text', { maxLength: 32_000 }),
  field('lead_source', 'Lead source', 'string', { maxLength: 80 }),
  field('annual_revenue', 'Annual revenue', 'number', {}),
  field('employees', 'Employees', 'number', {}),
  field('created_at', 'Created at', 'datetime', { readOnly: true }),
  field('updated_at', 'Updated at', 'datetime', { readOnly: true }),
];

function field(
  name: string,
  label: string,
  type: WireField['type'],
  options: Partial<Pick<WireField, 'required' | 'readOnly' | 'unique' | 'maxLength'>>,
): WireField {
  return {
    name,
    label,
    type,
    required: options.required ?? false,
    readOnly: options.readOnly ?? false,
    unique: options.unique ?? false,
    ...(options.maxLength === undefined ? {} : { maxLength: options.maxLength }),
  };
}

const FIELDS_BY_NAME = new Map(RECEIVER_LEAD_FIELDS.map((entry) => [entry.name, entry]));

/** Deliberately plain: one `@`, no spaces, a dot in the domain. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

function problem(code: string, message: string, name: string): WireError {
  return { code, message, field: name };
}

function valueProblem(definition: WireField, value: FieldValue): WireError | undefined {
  const name = definition.name;
  if (value === null) {
    return definition.required ? problem('required', `${name} is required`, name) : undefined;
  }
  if (definition.type === 'number') {
    return typeof value === 'number' && Number.isFinite(value)
      ? undefined
      : problem('invalid_type', `${name} must be a number`, name);
  }
  if (typeof value !== 'string') {
    return problem('invalid_type', `${name} must be a string`, name);
  }
  if (definition.maxLength !== undefined && value.length > definition.maxLength) {
    return problem(
      'too_long',
      `${name} is ${value.length} characters long; at most ${definition.maxLength} are allowed`,
      name,
    );
  }
  if (definition.type === 'email' && !isEmail(value)) {
    return problem('invalid_email', `${name} is not a valid email address: "${value}"`, name);
  }

  return undefined;
}

/** The first problem of a record's fields, checked in the order they were sent. */
export function fieldsProblem(fields: Record<string, FieldValue>): WireError | undefined {
  for (const [name, value] of Object.entries(fields)) {
    const definition = FIELDS_BY_NAME.get(name);
    if (!definition) return problem('unknown_field', `lead has no field ${name}`, name);
    if (definition.readOnly) return problem('read_only', `${name} is read-only`, name);
    const found = valueProblem(definition, value);
    if (found) return found;
  }

  return undefined;
}
