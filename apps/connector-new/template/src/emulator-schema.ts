import type { FieldValue } from '@mobly/connector-sdk';

import type { WireError, WireField } from './wire';

function field(
  name: string,
  label: string,
  type: WireField['type'],
  options: Partial<Pick<WireField, 'required' | 'readOnly' | 'unique' | 'maxLength'>> = {},
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

/** The emulated `contact` fields, as `GET /v1/schema/contact` serves them. */
export const CONTACT_FIELDS: readonly WireField[] = [
  field('id', 'Id', 'id', { readOnly: true, unique: true }),
  field('email', 'Email', 'email', { required: true, unique: true, maxLength: 254 }),
  field('first_name', 'First name', 'string', { maxLength: 80 }),
  field('last_name', 'Last name', 'string', { maxLength: 80 }),
  field('job_title', 'Job title', 'string', { maxLength: 128 }),
  field('company', 'Company', 'string', { maxLength: 255 }),
  field('phone', 'Phone', 'phone', { maxLength: 40 }),
  field('city', 'City', 'string', { maxLength: 80 }),
  field('country', 'Country', 'string', { maxLength: 80 }),
  field('notes', 'Notes', 'text', { maxLength: 32_000 }),
  field('created_at', 'Created at', 'datetime', { readOnly: true }),
];

const FIELDS_BY_NAME = new Map(CONTACT_FIELDS.map((entry) => [entry.name, entry]));

/** Deliberately plain: one `@`, no spaces, a dot in the domain. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

/** The first thing wrong with a record's fields, as the API reports it; undefined when valid. */
export function fieldsProblem(fields: Record<string, FieldValue>): WireError | undefined {
  for (const [name, value] of Object.entries(fields)) {
    const definition = FIELDS_BY_NAME.get(name);
    if (!definition) return { code: 'unknown_field', message: `no field ${name}`, field: name };
    if (definition.readOnly) {
      return { code: 'read_only', message: `${name} is read-only`, field: name };
    }
    if (value === null) continue;
    if (typeof value !== 'string' && typeof value !== 'number') {
      return { code: 'invalid_value', message: `${name} takes text`, field: name };
    }
    const text = String(value);
    if (definition.maxLength !== undefined && text.length > definition.maxLength) {
      const message = `${name} is longer than ${definition.maxLength} characters`;

      return { code: 'too_long', message, field: name };
    }
    if (definition.type === 'email' && !isEmail(text)) {
      return { code: 'invalid_email', message: `not a valid email: "${text}"`, field: name };
    }
  }

  return undefined;
}
