import {
  chunk,
  ERROR_CATEGORIES,
  type ConnectorClient,
  type ConnectorContext,
  type Credentials,
  type NormalisedError,
  type ObjectName,
  type RemoteSchema,
  type TestConnectionResult,
  type UpsertRecord,
  type UpsertResult,
} from '@libs/connector-sdk';
import { Client } from '@hubspot/api-client';

import { isRecord, LegacyCallError } from '../errors';
import {
  errorOf,
  failureFromBody,
  HubSpotCallError,
  normaliseThrown,
  toCallError,
  type HubSpotFailure,
} from './errors';

export const DEFAULT_BASE_URL = 'https://api.hubapi.com';
/** Batch endpoints accept at most 100 inputs. */
export const BATCH_LIMIT = 100;

type Kind = 'create' | 'update' | 'upsert';

interface Group {
  kind: Kind;
  id?: string;
  email?: string;
  properties: Record<string, string>;
  members: Array<{ index: number; record: UpsertRecord }>;
}

type Outcome = { ok: true; id: string; created: boolean } | { ok: false; error: NormalisedError };

interface ResultLike {
  id: string;
  properties: Record<string, string | null>;
  objectWriteTraceId?: string;
  _new?: boolean;
}

interface ErrorLike {
  category: string;
  message: string;
  context?: Record<string, string[]>;
  errors?: unknown[];
}

interface BatchLike {
  results: ResultLike[];
  errors?: ErrorLike[];
}

function stringValue(value: UpsertRecord['values'][string]): string {
  return value === null || value === undefined ? '' : String(value);
}

/**
 * A legacy HubSpot account, per connection, reached with a private-app token (a static bearer
 * token: nothing to refresh). Contacts are written with the legacy matching (stored id, else
 * email) through the batch endpoints; the client retries nothing itself.
 */
export class LegacyHubSpotClient implements ConnectorClient {
  private readonly client: Client;
  private readonly token: string;

  constructor(context: ConnectorContext) {
    this.token = context.credentials.privateAppToken ?? '';
    this.client = new Client({
      basePath: (context.settings.baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, ''),
      accessToken: this.token,
      numberOfApiCallRetries: 0,
    });
    // Build the APIs now, while the client library's process-wide decorator list is this
    // client's (no retries): another client built later cannot add its own to them.
    void [this.client.crm.contacts, this.client.crm.properties];
  }

  async testConnection(): Promise<TestConnectionResult> {
    try {
      // https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/basic/get-page
      await this.run(() => this.client.crm.contacts.basicApi.getPage(1));
      // https://developers.hubspot.com/docs/api-reference/account/account-info/v3/details
      const details = await this.run(async () => {
        const response = await this.client.apiRequest({
          method: 'GET',
          path: '/account-info/v3/details',
        });
        const body: unknown = await response.json();
        if (!response.ok) {
          throw new HubSpotCallError(failureFromBody(body, response.status));
        }

        return body;
      });
      const portalId = isRecord(details) ? details.portalId : undefined;

      return {
        ok: true,
        account: `HubSpot (hub ${String(portalId)})`,
        // The hub id, as the OAuth connector reports it: both share the portal's budget.
        accountId:
          typeof portalId === 'number' || typeof portalId === 'string'
            ? `hub:${portalId}`
            : undefined,
      };
    } catch (error) {
      return { ok: false, error: normaliseThrown(error) };
    }
  }

  /** A private-app token does not expire: the credentials stay as they are. */
  refreshCredentials(): Promise<Credentials> {
    return Promise.resolve({ privateAppToken: this.token });
  }

  /** Legacy integrations never read the remote schema: the vendor judges every record. */
  describe(object: ObjectName): Promise<RemoteSchema> {
    this.assertObject(object);

    return Promise.resolve({ object, fields: [] });
  }

  async upsert(object: ObjectName, records: UpsertRecord[]): Promise<UpsertResult[]> {
    this.assertObject(object);
    const outcomes: Array<Outcome | undefined> = new Array(records.length);
    let callError: LegacyCallError | undefined;
    let failedByCall = 0;
    for (const part of chunk(
      records.map((record, index) => ({ index, record })),
      BATCH_LIMIT,
    )) {
      const groups = this.group(part);
      for (const kind of ['update', 'upsert', 'create'] as const) {
        const batch = groups.filter((group) => group.kind === kind);
        try {
          const written = await this.write(kind, batch);
          batch.forEach((group, position) => {
            const outcome = written[position];
            group.members.forEach((item, member) => {
              outcomes[item.index] =
                outcome.ok && member > 0 ? { ...outcome, created: false } : outcome;
            });
          });
        } catch (error) {
          const failure = toCallError(error);
          if (ERROR_CATEGORIES[failure.category].connectionLevel) throw failure;
          callError ??= failure;
          for (const item of batch.flatMap((group) => group.members)) {
            outcomes[item.index] = { ok: false, error: failure.error };
            failedByCall += 1;
          }
        }
      }
    }
    if (callError && failedByCall === records.length) throw callError;

    return records.map((record, index): UpsertResult => {
      const outcome = outcomes[index] ?? {
        ok: false,
        error: errorOf({
          kind: 'permanent',
          code: 'UNKNOWN_ERROR',
          message: 'The record was not written',
        }),
      };

      return outcome.ok
        ? {
            key: record.key,
            ok: true,
            remoteId: outcome.id,
            action: outcome.created ? 'created' : 'updated',
            object,
          }
        : { key: record.key, ok: false, error: outcome.error };
    });
  }

  /** Records that target one contact (same stored id or same email) are written once. */
  private group(items: Array<{ index: number; record: UpsertRecord }>): Group[] {
    const groups = new Map<string, Group>();
    for (const item of items) {
      const email = (item.record.matchEmail ?? stringValue(item.record.values.email ?? null))
        .trim()
        .toLowerCase();
      const id = item.record.remoteId;
      const key = id ? `id:${id}` : email ? `email:${email}` : `new:${item.index}`;
      const group: Group = groups.get(key) ?? {
        kind: id ? 'update' : email ? 'upsert' : 'create',
        ...(id ? { id } : {}),
        ...(!id && email ? { email } : {}),
        properties: {},
        members: [],
      };
      for (const [name, value] of Object.entries(item.record.values)) {
        group.properties[name] = stringValue(value);
      }
      group.members.push(item);
      groups.set(key, group);
    }

    return [...groups.values()];
  }

  /**
   * One batch call; one outcome per group. When HubSpot refuses the whole batch because of some
   * of its records (a 400 or 409), the batch is split in halves until each refusal has its
   * record. A failure of the call itself (rate limit, outage, refused token) is thrown.
   */
  private async write(kind: Kind, groups: Group[]): Promise<Outcome[]> {
    if (groups.length === 0) return [];
    let response: BatchLike;
    try {
      response = await this.run(() => this.send(kind, groups));
    } catch (error) {
      if (!(error instanceof HubSpotCallError)) throw error;
      const status = error.failure.httpStatus;
      if (status !== 400 && status !== 409) throw error;
      if (groups.length === 1) return [{ ok: false, error: error.error }];
      const middle = Math.ceil(groups.length / 2);

      return [
        ...(await this.write(kind, groups.slice(0, middle))),
        ...(await this.write(kind, groups.slice(middle))),
      ];
    }

    return this.correlate(kind, groups, response);
  }

  /** Each input carries its position as `objectWriteTraceId`, so HubSpot reports per input. */
  private send(kind: Kind, groups: Group[]): Promise<BatchLike> {
    const api = this.client.crm.contacts.batchApi;
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

  private correlate(kind: Kind, groups: Group[], response: BatchLike): Outcome[] {
    const outcomes: Array<Outcome | undefined> = new Array(groups.length);
    const byTrace = (trace: string | undefined) => {
      const position = trace !== undefined && /^\d+$/.test(trace) ? Number(trace) : -1;

      return position < groups.length ? position : -1;
    };
    const byIdentity = (value: string | null | undefined) =>
      groups.findIndex((group) =>
        kind === 'upsert' ? group.email === (value ?? '').trim().toLowerCase() : group.id === value,
      );
    for (const result of response.results) {
      let position = byTrace(result.objectWriteTraceId);
      if (position === -1 && kind === 'update') position = byIdentity(result.id);
      if (position === -1 && kind === 'upsert') position = byIdentity(result.properties.email);
      if (position === -1 && kind === 'create' && groups.length === 1) position = 0;
      if (position === -1 || outcomes[position]) continue;
      const created = kind === 'create' || (kind === 'upsert' && result._new === true);
      outcomes[position] = { ok: true, id: result.id, created };
    }
    for (const item of response.errors ?? []) {
      const failure: HubSpotFailure = failureFromBody(item);
      const error = errorOf({ ...failure, kind: 'permanent' });
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
          error: errorOf({
            kind: 'permanent',
            code: 'UNKNOWN_ERROR',
            message: 'HubSpot returned no result for the record',
          }),
        },
    );
  }

  private async run<T>(operation: () => Promise<T>): Promise<T> {
    if (!this.token) {
      throw new LegacyCallError({
        kind: 'auth',
        code: 'MISSING_CREDENTIALS',
        message: 'Missing HubSpot credentials: privateAppToken',
      });
    }
    try {
      return await operation();
    } catch (error) {
      throw toCallError(error);
    }
  }

  private assertObject(object: ObjectName): void {
    if (object === 'contacts') return;
    throw new LegacyCallError({
      kind: 'permanent',
      code: 'UNSUPPORTED_OBJECT',
      message: `The legacy HubSpot integration writes contacts, not ${object}`,
    });
  }
}
