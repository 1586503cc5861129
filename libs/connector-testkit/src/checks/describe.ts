import type { ConnectorClient, RemoteFieldType, RemoteSchema } from '@libs/connector-sdk';

import { describeThrown, fail, notApplicable, pass, type Check, type CheckContext } from '../check';

/** Every `RemoteFieldType`, checked at compile time to be complete. */
const FIELD_TYPES: Readonly<Record<RemoteFieldType, true>> = {
  string: true,
  textarea: true,
  email: true,
  phone: true,
  url: true,
  picklist: true,
  multipicklist: true,
  boolean: true,
  number: true,
  date: true,
  datetime: true,
  reference: true,
  id: true,
  other: true,
};

const FLAGS = ['required', 'readOnly', 'unique', 'externalId'] as const;

export async function describeObject(
  client: ConnectorClient,
  object: string,
): Promise<RemoteSchema> {
  try {
    return await client.describe(object);
  } catch (error) {
    return fail(`describe(${object}) threw ${describeThrown(error)}`);
  }
}

/** What is wrong with one object's schema; empty when nothing is. */
function schemaProblems(object: string, schema: RemoteSchema): string[] {
  if (schema.object !== object) return [`describe(${object}) answered object ${schema.object}`];
  if (!Array.isArray(schema.fields) || schema.fields.length === 0) {
    return [`describe(${object}) returned no fields`];
  }

  const problems: string[] = [];
  const seen = new Set<string>();
  for (const field of schema.fields) {
    const name = `${object}.${String(field.name)}`;
    if (typeof field.name !== 'string' || field.name === '') {
      problems.push(`${object} has a field without a name`);
      continue;
    }
    if (seen.has(field.name)) problems.push(`${name} is described twice`);
    seen.add(field.name);
    if (!(field.type in FIELD_TYPES)) problems.push(`${name} has type ${String(field.type)}`);
    if (typeof field.label !== 'string') problems.push(`${name} has no label`);
    if (typeof field.vendorType !== 'string') problems.push(`${name} has no vendorType`);
    for (const flag of FLAGS) {
      if (typeof field[flag] !== 'boolean') problems.push(`${name}.${flag} is not a boolean`);
    }
    if ((field.type === 'picklist' || field.type === 'multipicklist') && !field.picklist) {
      problems.push(`${name} is a ${field.type} without picklist options`);
    }
  }

  return problems;
}

export const describeCheck: Check = {
  id: 'describe',
  title: 'describes every object with typed, uniquely named fields',
  async run(context: CheckContext) {
    const objects = context.definition.capabilities.objects;
    if (objects.length === 0) return notApplicable('the connector declares no objects');
    if (!objects.some((object) => object.name === context.target.persona)) {
      fail(`the target's persona ${context.target.persona} is not a declared object`);
    }

    const { client } = await context.start();
    const problems: string[] = [];
    let fields = 0;
    for (const { name } of objects) {
      const schema = await describeObject(client, name);
      problems.push(...schemaProblems(name, schema));
      fields += Array.isArray(schema.fields) ? schema.fields.length : 0;
    }
    if (problems.length > 0) fail(problems.join('; '));

    return pass(`${objects.length} objects, ${fields} fields`);
  },
};
