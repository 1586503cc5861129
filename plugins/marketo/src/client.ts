import {
  ConnectorError,
  type CampaignMember,
  type CampaignMemberResult,
  type ConnectorClient,
  type ConnectorContext,
  type Credentials,
  type ObjectName,
  type RemoteCampaign,
  type RemoteSchema,
  type TestConnectionResult,
  type UpsertRecord,
  type UpsertResult,
} from '@libs/connector-sdk';

import { MarketoApi } from './api';
import { LEADS_OBJECT } from './constants';
import { normaliseDescribe } from './describe';
import { mapMarketoError, normaliseThrown } from './error-map';
import { addProgramMembers, describeProgram } from './programs';
import { configOf, MarketoSession, type MarketoConfig } from './session';
import { upsertLeads } from './upsert';

/** The API of one connection, built on first use so a misconfiguration surfaces per call. */
interface Connected {
  config: MarketoConfig;
  api: MarketoApi;
}

/** A connected Marketo instance, per connection. The access token lives in this client only. */
export class MarketoClient implements ConnectorClient {
  private connected?: Connected;

  constructor(private readonly context: ConnectorContext) {}

  async testConnection(): Promise<TestConnectionResult> {
    try {
      const { config, api } = this.connection();
      // https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/leads#describe
      await api.call({ method: 'GET', path: '/leads/describe.json' });

      return { ok: true, account: new URL(config.restBaseUrl).host };
    } catch (error) {
      return { ok: false, error: normaliseThrown(error) };
    }
  }

  /**
   * Client credentials have nothing to refresh or persist: a token is obtained from the
   * identity endpoint whenever one is needed. The stored credentials are returned unchanged.
   */
  async refreshCredentials(): Promise<Credentials> {
    this.connection();

    return { ...this.context.credentials };
  }

  async describe(object: ObjectName): Promise<RemoteSchema> {
    this.assertLeads(object);
    // https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/leads#describe
    const result = await this.connection().api.call({
      method: 'GET',
      path: '/leads/describe.json',
    });

    return normaliseDescribe(object, result);
  }

  async upsert(object: ObjectName, records: UpsertRecord[]): Promise<UpsertResult[]> {
    this.assertLeads(object);
    if (records.length === 0) return [];

    return upsertLeads(this.connection().api, records);
  }

  async addCampaignMembers(
    campaign: { id: string; status?: string },
    members: CampaignMember[],
  ): Promise<CampaignMemberResult[]> {
    if (members.length === 0) return [];

    return addProgramMembers(
      this.connection().api,
      campaign,
      members,
      this.context.settings.programStatus,
    );
  }

  describeCampaign(id: string): Promise<RemoteCampaign | undefined> {
    return describeProgram(this.connection().api, id, this.context.settings.programStatus);
  }

  private connection(): Connected {
    if (!this.connected) {
      const config = configOf(this.context);
      this.connected = { config, api: new MarketoApi(config, new MarketoSession(config)) };
    }

    return this.connected;
  }

  private assertLeads(object: ObjectName): void {
    if (object === LEADS_OBJECT) return;
    throw new ConnectorError(
      mapMarketoError({
        code: 'UNSUPPORTED_OBJECT',
        message: `Marketo objects supported: ${LEADS_OBJECT}; got ${object}`,
      }),
    );
  }
}
