import type { ObjectName, RemoteField, RemoteFieldType, RemoteSchema } from '@libs/connector-sdk';
import type { Field } from 'jsforce';

/** Salesforce field types → the SDK's type set; anything else (address, location…) is `other`. */
const FIELD_TYPES: Readonly<Record<string, RemoteFieldType>> = {
  id: 'id',
  string: 'string',
  encryptedstring: 'string',
  textarea: 'textarea',
  email: 'email',
  phone: 'phone',
  url: 'url',
  picklist: 'picklist',
  combobox: 'picklist',
  multipicklist: 'multipicklist',
  boolean: 'boolean',
  double: 'number',
  currency: 'number',
  percent: 'number',
  int: 'number',
  long: 'number',
  date: 'date',
  datetime: 'datetime',
  reference: 'reference',
};

/** The subset of a describe field this normalisation reads. */
export type DescribeFieldInput = Pick<
  Field,
  | 'name'
  | 'label'
  | 'type'
  | 'length'
  | 'createable'
  | 'updateable'
  | 'nillable'
  | 'defaultedOnCreate'
  | 'restrictedPicklist'
  | 'picklistValues'
  | 'unique'
  | 'externalId'
> & { deprecatedAndHidden?: boolean };

export function normaliseField(field: DescribeFieldInput): RemoteField {
  const type = FIELD_TYPES[field.type] ?? 'other';
  const normalised: RemoteField = {
    name: field.name,
    label: field.label,
    type,
    vendorType: field.type,
    required: field.createable && !field.nillable && !field.defaultedOnCreate,
    readOnly: !field.createable && !field.updateable,
    unique: field.unique,
    externalId: field.externalId,
  };
  if (field.length > 0) normalised.length = field.length;
  if (type === 'picklist' || type === 'multipicklist') {
    normalised.picklist = {
      restricted: field.restrictedPicklist,
      options: (field.picklistValues ?? []).map((option) => ({
        value: option.value,
        label: option.label ?? option.value,
        active: option.active,
      })),
    };
  }

  return normalised;
}

/** A describe as the SDK's `RemoteSchema`; fields Salesforce hides as deprecated are left out. */
export function normaliseDescribe(
  object: ObjectName,
  describe: { fields: DescribeFieldInput[] },
): RemoteSchema {
  return {
    object,
    fields: describe.fields
      .filter((field) => field.deprecatedAndHidden !== true)
      .map(normaliseField),
  };
}
