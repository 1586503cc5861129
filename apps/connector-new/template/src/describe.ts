import type { RemoteField, RemoteFieldType, RemoteSchema } from '@mobly/connector-sdk';

import type { WireField, WireFieldType, WireSchema } from './wire';

const TYPE_OF: Readonly<Record<WireFieldType, RemoteFieldType>> = {
  id: 'id',
  string: 'string',
  text: 'textarea',
  email: 'email',
  phone: 'phone',
  datetime: 'datetime',
};

function remoteField(field: WireField): RemoteField {
  return {
    name: field.name,
    label: field.label,
    type: TYPE_OF[field.type],
    vendorType: field.type,
    ...(field.maxLength === undefined ? {} : { length: field.maxLength }),
    required: field.required,
    readOnly: field.readOnly,
    unique: field.unique,
    externalId: false,
  };
}

/** The API's own field list, in the SDK's terms. */
export function normaliseSchema(schema: WireSchema): RemoteSchema {
  return { object: schema.object, fields: schema.fields.map(remoteField) };
}
