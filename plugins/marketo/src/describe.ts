import type { ObjectName, RemoteField, RemoteFieldType, RemoteSchema } from '@libs/connector-sdk';

import { isRecord } from './http';

/** Marketo data types → the SDK's type set; anything else is `other`. */
const FIELD_TYPES: Readonly<Record<string, RemoteFieldType>> = {
  string: 'string',
  text: 'textarea',
  email: 'email',
  phone: 'phone',
  url: 'url',
  boolean: 'boolean',
  integer: 'number',
  float: 'number',
  currency: 'number',
  score: 'number',
  percent: 'number',
  date: 'date',
  datetime: 'datetime',
  reference: 'reference',
};

/** One Describe Lead entry; only fields with a `rest` name can be used through the REST API. */
export interface DescribeFieldInput {
  displayName: string;
  dataType: string;
  length?: number;
  rest?: { name: string; readOnly: boolean };
}

/** The lead's id: assigned by Marketo and usable only as the key of `updateOnly`. */
const ID_FIELD = 'id';
/** The field this connector matches leads on, so every created lead needs it. */
const MATCH_FIELD = 'email';

export function readDescribeField(value: unknown): DescribeFieldInput | undefined {
  if (!isRecord(value) || typeof value.displayName !== 'string') return undefined;
  if (typeof value.dataType !== 'string') return undefined;
  const field: DescribeFieldInput = { displayName: value.displayName, dataType: value.dataType };
  if (typeof value.length === 'number') field.length = value.length;
  const rest = value.rest;
  if (isRecord(rest) && typeof rest.name === 'string') {
    field.rest = { name: rest.name, readOnly: rest.readOnly === true };
  }

  return field;
}

export function normaliseField(
  field: DescribeFieldInput & { rest: { name: string; readOnly: boolean } },
): RemoteField {
  const name = field.rest.name;
  const isId = name === ID_FIELD;
  const normalised: RemoteField = {
    name,
    label: field.displayName,
    type: isId ? 'id' : (FIELD_TYPES[field.dataType] ?? 'other'),
    vendorType: field.dataType,
    required: name === MATCH_FIELD,
    readOnly: isId || field.rest.readOnly,
    unique: isId,
    externalId: false,
  };
  if (field.length !== undefined && field.length > 0) normalised.length = field.length;

  return normalised;
}

/** Describe Lead's `result[]` as the SDK's `RemoteSchema`; SOAP-only fields are left out. */
export function normaliseDescribe(object: ObjectName, result: unknown[]): RemoteSchema {
  return {
    object,
    fields: result.flatMap((value) => {
      const field = readDescribeField(value);
      const rest = field?.rest;

      return field && rest ? [normaliseField({ ...field, rest })] : [];
    }),
  };
}
