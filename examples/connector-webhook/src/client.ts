import {
  ConnectorError,
  type ConnectorClient,
  type ConnectorContext,
  type Credentials,
  type ObjectName,
  type RemoteSchema,
  type TestConnectionResult,
  type UpsertRecord,
  type UpsertResult,
} from '@mobly/connector-sdk';

import { LEAD_OBJECT } from './constants';
import { normaliseSchema } from './describe';
import { mapWebhookError, normaliseThrown } from './error-map';
import { ReceiverTransport } from './transport';
import { upsertRecords } from './upsert';
import { readPing, readSchema } from './wire';

function assertLeadObject(object: ObjectName): void {
  if (object === LEAD_OBJECT) return;
  throw new ConnectorError(
    mapWebhookError({
      code: 'unknown_object',
      message: `A webhook receiver accepts only "${LEAD_OBJECT}", not "${object}"`,
    }),
  );
}

/** One connection's receiver. Holds nothing but the context it was created with. */
export class WebhookClient implements ConnectorClient {
  private readonly transport: ReceiverTransport;

  constructor(private readonly context: ConnectorContext) {
    this.transport = new ReceiverTransport(context.credentials, context.settings);
  }

  async testConnection(): Promise<TestConnectionResult> {
    try {
      // README.md#post-ping
      const answer = await this.transport.request('POST', '/ping', { ping: true });

      return { ok: true, account: readPing(answer.body).receiver };
    } catch (error) {
      return { ok: false, error: normaliseThrown(error) };
    }
  }

  /** A signing secret is set by the admin and never rotated by the connector. */
  async refreshCredentials(): Promise<Credentials> {
    return { ...this.context.credentials };
  }

  async describe(object: ObjectName): Promise<RemoteSchema> {
    assertLeadObject(object);
    // README.md#get-schemalead
    const answer = await this.transport.request('GET', `/schema/${object}`);

    return normaliseSchema(readSchema(answer.body));
  }

  async upsert(object: ObjectName, records: UpsertRecord[]): Promise<UpsertResult[]> {
    assertLeadObject(object);

    return upsertRecords(this.transport, object, records);
  }
}
