import { ERROR_CATEGORIES, type ConnectorError, type NormalisedError } from '@libs/connector-sdk';
import type { Client } from '@hubspot/api-client';

import {
  failureFromStandardError,
  HubSpotError,
  mapHubSpotError,
  type HubSpotFailure,
  type StandardErrorLike,
} from './error-map';
import type { HubSpotSession } from './session';
import { normaliseEmail, type Pending } from './values';

export type CrmObject = 'contacts' | 'companies';

export type WriteKind = 'create' | 'update' | 'upsert';

/** One remote object to write: the merged properties of every record that targets it. */
export interface WriteGroup {
  members: Pending[];
  properties: Record<string, string>;
  /** The HubSpot record id, for `update`. */
  id?: string;
  /** The lower-cased email, for `upsert` (contacts). */
  email?: string;
  /** True when `id` is a remote id the host stored (it may point at a deleted record). */
  fromRemoteId?: boolean;
}

export type GroupOutcome =
  | { ok: true; id: string; created: boolean }
  | {
      ok: false;
      error: NormalisedError;
      /** Set when the whole call failed rather than this record. */
      callError?: ConnectorError;
    };

interface ResultLike {
  id: string;
  properties: Record<string, string | null>;
  objectWriteTraceId?: string;
  _new?: boolean;
}

interface BatchResponseLike {
  results: ResultLike[];
  errors?: StandardErrorLike[];
}

/** Property errors that depend on the property, not the value: every record carrying it fails. */
const PROPERTY_LEVEL_CODES = new Set(['PROPERTY_DOESNT_EXIST', 'READ_ONLY_VALUE']);

function batchApiOf(client: Client, object: CrmObject) {
  return object === 'contacts' ? client.crm.contacts.batchApi : client.crm.companies.batchApi;
}

/** Each input carries its position as `objectWriteTraceId`, so HubSpot reports per input. */
function send(
  client: Client,
  object: CrmObject,
  kind: WriteKind,
  groups: WriteGroup[],
): Promise<BatchResponseLike> {
  const api = batchApiOf(client, object);
  const trace = (position: number) => String(position);
  switch (kind) {
    case 'create':
      // https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/batch/create-contacts
      return api.create({
        inputs: groups.map((group, position) => ({
          properties: group.properties,
          associations: [],
          objectWriteTraceId: trace(position),
        })),
      });
    case 'update':
      // https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/batch/update-contacts
      return api.update({
        inputs: groups.map((group, position) => ({
          id: group.id ?? '',
          properties: group.properties,
          objectWriteTraceId: trace(position),
        })),
      });
    case 'upsert':
      // https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/batch/upsert-contacts
      return api.upsert({
        inputs: groups.map((group, position) => ({
          idProperty: 'email',
          id: group.email ?? '',
          properties: group.properties,
          objectWriteTraceId: trace(position),
        })),
      });
  }
}

/** Maps results and 207 errors back to the groups they belong to. */
function correlate(
  kind: WriteKind,
  groups: WriteGroup[],
  response: BatchResponseLike,
): GroupOutcome[] {
  const outcomes: Array<GroupOutcome | undefined> = new Array(groups.length);
  const byTrace = (trace: string | undefined) => {
    const position = trace !== undefined && /^\d+$/.test(trace) ? Number(trace) : -1;

    return position < groups.length ? position : -1;
  };
  const byIdentity = (value: string) =>
    groups.findIndex((group) =>
      kind === 'upsert' ? group.email === normaliseEmail(value) : group.id === value,
    );

  for (const result of response.results) {
    let position = byTrace(result.objectWriteTraceId);
    if (position === -1 && kind === 'update') position = byIdentity(result.id);
    if (position === -1 && kind === 'upsert') position = byIdentity(result.properties.email ?? '');
    if (position === -1 && kind === 'create' && groups.length === 1) position = 0;
    if (position === -1 || outcomes[position]) continue;
    const created = kind === 'create' || (kind === 'upsert' && result._new === true);
    outcomes[position] = { ok: true, id: result.id, created };
  }

  for (const item of response.errors ?? []) {
    const error = mapHubSpotError(failureFromStandardError(item));
    const traced = byTrace(item.context?.objectWriteTraceId?.[0]);
    const named = [...(item.context?.id ?? []), ...(item.context?.ids ?? [])].map(byIdentity);
    for (const position of traced === -1 ? named : [traced]) {
      if (position !== -1 && !outcomes[position]) outcomes[position] = { ok: false, error };
    }
  }

  return outcomes.map(
    (outcome) =>
      outcome ?? {
        ok: false,
        error: mapHubSpotError({
          code: 'UNKNOWN_ERROR',
          message: 'HubSpot returned no result for the record',
        }),
      },
  );
}

/** A whole-request refusal that is really about some of its records. */
function isRecordLevel(failure: HubSpotFailure): boolean {
  if (failure.httpStatus === 409) return true;

  return failure.httpStatus === 400 && (failure.propertyErrors?.length ?? 0) > 0;
}

/**
 * Writes groups in one batch call and answers one outcome per group. Where HubSpot refuses the
 * whole batch because of some records (it does not report partial upserts by email), the
 * records carrying a property HubSpot refuses fail at once and the rest is sent again; an
 * invalid value is found by splitting the batch in halves. A failure of the call itself
 * (rate limit, outage) fails every group; a dead grant is thrown.
 */
export async function writeGroups(
  session: HubSpotSession,
  object: CrmObject,
  kind: WriteKind,
  groups: WriteGroup[],
): Promise<GroupOutcome[]> {
  if (groups.length === 0) return [];
  let response: BatchResponseLike;
  try {
    response = await session.run((client) => send(client, object, kind, groups));
  } catch (error) {
    if (!(error instanceof HubSpotError)) throw error;
    if (ERROR_CATEGORIES[error.category].connectionLevel) throw error;
    if (!isRecordLevel(error.failure)) {
      return groups.map(() => ({ ok: false, error: error.error, callError: error }));
    }
    if (groups.length === 1) return [{ ok: false, error: error.error }];

    return isolate(session, object, kind, groups, error.failure);
  }

  return correlate(kind, groups, response);
}

async function isolate(
  session: HubSpotSession,
  object: CrmObject,
  kind: WriteKind,
  groups: WriteGroup[],
  failure: HubSpotFailure,
): Promise<GroupOutcome[]> {
  const propertyLevel = (failure.propertyErrors ?? []).filter((item) =>
    PROPERTY_LEVEL_CODES.has(item.code),
  );
  const refusedBy = groups.map((group) =>
    propertyLevel.find((item) => item.name in group.properties),
  );
  if (refusedBy.every((refused) => refused === undefined)) {
    const middle = Math.ceil(groups.length / 2);
    const first = await writeGroups(session, object, kind, groups.slice(0, middle));
    const second = await writeGroups(session, object, kind, groups.slice(middle));

    return [...first, ...second];
  }

  const rest = groups.filter((_, position) => refusedBy[position] === undefined);
  const resent = await writeGroups(session, object, kind, rest);
  let next = 0;

  return refusedBy.map((refused): GroupOutcome => {
    if (refused === undefined) {
      next += 1;

      return resent[next - 1];
    }

    return { ok: false, error: mapHubSpotError({ ...failure, propertyErrors: [refused] }) };
  });
}

/** Current values of some properties, by record id or by email, for write-if-blank fields. */
export async function readCurrent(
  session: HubSpotSession,
  object: CrmObject,
  by: 'id' | 'email',
  ids: string[],
  properties: string[],
): Promise<Map<string, Record<string, string | null>>> {
  const found = new Map<string, Record<string, string | null>>();
  if (ids.length === 0 || properties.length === 0) return found;

  // https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/batch/read-contacts
  const response = await session.run((client) =>
    batchApiOf(client, object).read({
      inputs: ids.map((id) => ({ id })),
      properties: by === 'email' ? [...properties, 'email'] : properties,
      propertiesWithHistory: [],
      ...(by === 'email' ? { idProperty: 'email' } : {}),
    }),
  );
  for (const result of response.results) {
    const key = by === 'email' ? normaliseEmail(result.properties.email ?? '') : result.id;
    if (key !== undefined) found.set(key, result.properties);
  }

  return found;
}
