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

import { CONTACT_OBJECT, SAMPLE_VENDOR_API_VERSION } from './constants';
import { normaliseSchema } from './describe';
import { mapSampleVendorError, normaliseThrown } from './error-map';
import { SampleVendorSession } from './session';
import { upsertRecords } from './upsert';
import { readAccount, readSchema } from './wire';

function assertContactObject(object: ObjectName): void {
  if (object === CONTACT_OBJECT) return;
  throw new ConnectorError(
    mapSampleVendorError({
      code: 'unknown_object',
      message: `Sample Vendor accepts only "${CONTACT_OBJECT}", not "${object}"`,
    }),
  );
}

/** One connection's API. Holds nothing but its context and the access token of its session. */
export class SampleVendorClient implements ConnectorClient {
  private readonly session: SampleVendorSession;

  constructor(private readonly context: ConnectorContext) {
    this.session = new SampleVendorSession(context);
  }

  async testConnection(): Promise<TestConnectionResult> {
    try {
      // README.md#get-v1me
      const answer = await this.session.call('GET', `/${SAMPLE_VENDOR_API_VERSION}/me`);

      return { ok: true, account: readAccount(answer.body) };
    } catch (error) {
      return { ok: false, error: normaliseThrown(error) };
    }
  }

  async refreshCredentials(): Promise<Credentials> {
    const accessToken = await this.session.refresh();

    return { ...this.context.credentials, accessToken };
  }

  async describe(object: ObjectName): Promise<RemoteSchema> {
    assertContactObject(object);
    // README.md#get-v1schemacontact
    const answer = await this.session.call('GET', `/${SAMPLE_VENDOR_API_VERSION}/schema/${object}`);

    return normaliseSchema(readSchema(answer.body));
  }

  async upsert(object: ObjectName, records: UpsertRecord[]): Promise<UpsertResult[]> {
    assertContactObject(object);

    return upsertRecords(this.session, object, records);
  }
}
