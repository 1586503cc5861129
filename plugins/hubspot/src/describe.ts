import type { ObjectName, RemoteField, RemoteFieldType, RemoteSchema } from '@libs/connector-sdk';

/** The attributes of a v3 property this normalisation reads. */
export interface PropertyInput {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  options: Array<{ label: string; value: string; hidden?: boolean }>;
  calculated?: boolean;
  externalOptions?: boolean;
  hasUniqueValue?: boolean;
  archived?: boolean;
  referencedObjectType?: string;
  modificationMetadata?: { readOnlyValue?: boolean };
}

/** HubSpot types → the SDK's type set. */
const TYPES: Readonly<Record<string, RemoteFieldType>> = {
  string: 'string',
  number: 'number',
  date: 'date',
  datetime: 'datetime',
  bool: 'boolean',
  phone_number: 'phone',
  enumeration: 'picklist',
};

function fieldType(object: ObjectName, property: PropertyInput): RemoteFieldType {
  if (property.name === 'hs_object_id') return 'id';
  if (property.referencedObjectType) return 'reference';
  if (object === 'contacts' && property.name === 'email') return 'email';
  if (property.type === 'enumeration') {
    if (property.fieldType === 'checkbox') return 'multipicklist';
    if (property.fieldType === 'booleancheckbox') return 'boolean';

    return 'picklist';
  }
  if (property.type === 'string') {
    if (property.fieldType === 'textarea') return 'textarea';
    if (property.fieldType === 'phonenumber') return 'phone';
  }

  return TYPES[property.type] ?? 'other';
}

/**
 * A property as a `RemoteField`. HubSpot requires no property (a contact needs any one of
 * email, first or last name); enumerations accept their option values only, so they are
 * restricted picklists; `email` is the contacts' upsert key.
 */
export function normaliseProperty(object: ObjectName, property: PropertyInput): RemoteField {
  const type = fieldType(object, property);
  const matchKey = object === 'contacts' && property.name === 'email';
  const field: RemoteField = {
    name: property.name,
    label: property.label,
    type,
    vendorType:
      property.type === property.fieldType
        ? property.type
        : `${property.type}/${property.fieldType}`,
    required: false,
    readOnly: property.modificationMetadata?.readOnlyValue === true || property.calculated === true,
    unique: property.hasUniqueValue === true || matchKey,
    externalId: property.hasUniqueValue === true || matchKey,
  };
  if (type === 'picklist' || type === 'multipicklist') {
    field.picklist = {
      restricted: true,
      options: property.options.map((option) => ({
        value: option.value,
        label: option.label,
        active: option.hidden !== true,
      })),
    };
  }

  return field;
}

/** The property list as the SDK's `RemoteSchema`; archived properties are left out. */
export function normaliseProperties(object: ObjectName, properties: PropertyInput[]): RemoteSchema {
  return {
    object,
    fields: properties
      .filter((property) => property.archived !== true)
      .map((property) => normaliseProperty(object, property)),
  };
}
