import type { HubSpotObjectType } from './objects';
import type { HubSpotRecord } from './records';

/** Properties returned when a read names none. */
export const DEFAULT_READ_PROPERTIES: Readonly<Record<HubSpotObjectType, readonly string[]>> = {
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  companies: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
};

const MODIFIED_PROPERTY: Readonly<Record<HubSpotObjectType, string>> = {
  contacts: 'lastmodifieddate',
  companies: 'hs_lastmodifieddate',
};

/** Properties HubSpot derives from a written one and echoes with it. */
const DERIVED: Readonly<Record<string, readonly string[]>> = {
  email: ['hs_email_domain'],
};

export interface ObjectExtras {
  objectWriteTraceId?: string;
  /** Upsert results only: whether the object was created. */
  isNew?: boolean;
}

/** A SimplePublicObject (or SimplePublicUpsertObject) body. */
export function objectBody(
  record: HubSpotRecord,
  properties: Record<string, string | null>,
  extras: ObjectExtras = {},
): Record<string, unknown> {
  const body: Record<string, unknown> = { id: record.id };
  if (extras.isNew !== undefined) body.new = extras.isNew;
  body.properties = properties;
  body.createdAt = record.createdAt;
  body.updatedAt = record.updatedAt;
  body.archived = false;
  if (extras.objectWriteTraceId !== undefined) body.objectWriteTraceId = extras.objectWriteTraceId;

  return body;
}

/** The properties a read returns: the requested ones (null when unset) or the defaults. */
export function readProperties(
  type: HubSpotObjectType,
  record: HubSpotRecord,
  requested: readonly string[],
  known: (name: string) => boolean,
): Record<string, string | null> {
  const names = requested.length > 0 ? requested : DEFAULT_READ_PROPERTIES[type];
  const properties: Record<string, string | null> = {};
  for (const name of [
    ...new Set([...names, 'createdate', MODIFIED_PROPERTY[type], 'hs_object_id']),
  ]) {
    const value = record.properties[name];
    if (value !== undefined) properties[name] = value;
    else if (known(name)) properties[name] = null;
  }

  return properties;
}

/** The properties a write returns: everything when created, else what was sent plus derived. */
export function writtenProperties(
  type: HubSpotObjectType,
  record: HubSpotRecord,
  sent: readonly string[],
  created: boolean,
): Record<string, string> {
  if (created) return { ...record.properties };
  const names = new Set([...sent, MODIFIED_PROPERTY[type]]);
  for (const name of sent) for (const derived of DERIVED[name] ?? []) names.add(derived);
  const properties: Record<string, string> = {};
  for (const name of [...names].sort()) {
    const value = record.properties[name];
    if (value !== undefined) properties[name] = value;
  }

  return properties;
}

/** Batch results are not returned in input order. */
export function batchEnvelope(
  results: Array<Record<string, unknown>>,
  errors: Array<Record<string, unknown>>,
  startedAt: string,
  completedAt: string,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    status: 'COMPLETE',
    results: [...results].reverse(),
  };
  if (errors.length > 0) {
    body.numErrors = errors.length;
    body.errors = errors;
  }
  body.startedAt = startedAt;
  body.completedAt = completedAt;

  return body;
}
