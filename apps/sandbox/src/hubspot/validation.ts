import { HUBSPOT_PORTAL } from './constants';
import { isRecord } from './http';
import type { HubSpotObjectType } from './objects';
import type { PropertyDefinition, PropertyRegistry } from './properties';

/** One element of the JSON array inside "Property values were not valid: [...]". */
export interface PropertyValidationError {
  isValid: false;
  message: string;
  error: string;
  name: string;
  localizedErrorMessage: string;
  portalId: number;
}

export type ValidationResult =
  { ok: true; values: Record<string, string> } | { ok: false; errors: PropertyValidationError[] };

const EMAIL_PATTERN =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const NUMBER_PATTERN = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

export function propertyError(error: string, name: string, message: string) {
  const item: PropertyValidationError = {
    isValid: false,
    message,
    error,
    name,
    localizedErrorMessage: message,
    portalId: HUBSPOT_PORTAL.id,
  };

  return item;
}

export function isEmail(value: string): boolean {
  return EMAIL_PATTERN.test(value);
}

/** JSON values HubSpot accepts for a property: strings, numbers, booleans; null clears. */
function asString(value: unknown): string | undefined {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);

  return undefined;
}

function checkValue(
  type: HubSpotObjectType,
  property: PropertyDefinition,
  value: string,
): PropertyValidationError | undefined {
  const name = property.name;
  if (property.modificationMetadata.readOnlyValue) {
    const kind = property.calculated ? 'a calculated property' : 'a read only property';

    return propertyError('READ_ONLY_VALUE', name, `"${name}" is ${kind}; its value cannot be set`);
  }
  if (value === '') return undefined;

  if (type === 'contacts' && name === 'email' && !isEmail(value)) {
    return propertyError('INVALID_EMAIL', name, `Email address ${value} is invalid`);
  }
  const enumerated = property.type === 'enumeration' || property.type === 'bool';
  if (enumerated && !property.externalOptions && property.options.length > 0) {
    const allowed = property.options.map((option) => option.value);
    const chosen = property.fieldType === 'checkbox' ? value.split(';') : [value];
    const wrong = chosen.find((item) => !allowed.includes(item));
    if (wrong !== undefined) {
      return propertyError(
        'INVALID_OPTION',
        name,
        `${wrong} was not one of the allowed options: [${allowed.join(', ')}]`,
      );
    }
  }
  if (property.type === 'number' && !NUMBER_PATTERN.test(value.trim())) {
    return propertyError('INVALID_FLOAT', name, `${value} is not a valid number`);
  }
  if (property.type === 'date' && !isDate(value)) {
    return propertyError(
      'INVALID_DATE',
      name,
      `${value} is not a valid date; use YYYY-MM-DD or a UTC-midnight timestamp in milliseconds`,
    );
  }
  if (property.type === 'datetime' && !isDateTime(value)) {
    return propertyError('INVALID_DATE', name, `${value} is not a valid date-time`);
  }

  return undefined;
}

function isDate(value: string): boolean {
  if (DATE_PATTERN.test(value)) return !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

  return /^\d+$/.test(value) && Number(value) % DAY_MS === 0;
}

function isDateTime(value: string): boolean {
  return /^\d+$/.test(value) || !Number.isNaN(Date.parse(value));
}

/**
 * Checks a `properties` object against the account's property definitions the way HubSpot
 * does (every invalid property is reported) and returns the values as stored strings.
 */
export function validateProperties(
  registry: PropertyRegistry,
  type: HubSpotObjectType,
  input: unknown,
): ValidationResult {
  if (input !== undefined && !isRecord(input)) {
    return {
      ok: false,
      errors: [propertyError('INVALID_INPUT', 'properties', 'properties must be an object')],
    };
  }
  const values: Record<string, string> = {};
  const errors: PropertyValidationError[] = [];
  for (const [name, raw] of Object.entries(input ?? {})) {
    const property = registry.get(type, name);
    if (!property) {
      errors.push(
        propertyError('PROPERTY_DOESNT_EXIST', name, `Property "${name}" does not exist`),
      );
      continue;
    }
    const value = asString(raw);
    if (value === undefined) {
      errors.push(
        propertyError('INVALID_INPUT', name, `${name} must be a string, number or boolean`),
      );
      continue;
    }
    const error = checkValue(type, property, value);
    if (error) errors.push(error);
    else values[name] = name === 'email' || name === 'domain' ? value.trim().toLowerCase() : value;
  }

  return errors.length > 0 ? { ok: false, errors } : { ok: true, values };
}

/** The VALIDATION_ERROR body fields HubSpot wraps property errors in. */
export function validationErrorFields(errors: PropertyValidationError[]): {
  message: string;
  errors: Array<{ message: string; code: string; context: Record<string, string[]> }>;
} {
  return {
    message: `Property values were not valid: ${JSON.stringify(errors)}`,
    errors: errors.map((error) => ({
      message: error.message,
      code: error.error,
      context: { propertyName: [error.name] },
    })),
  };
}
