import {
  ConnectorError,
  type CampaignMember,
  type CampaignMemberResult,
  type ConnectorClient,
  type Credentials,
  type MatchRecord,
  type MatchResult,
  type ObjectName,
  type RemoteCampaign,
  type RemoteSchema,
  type TestConnectionResult,
  type UpsertRecord,
  type UpsertResult,
} from '@libs/connector-sdk';

import type { CrmObject } from './batch';
import { upsertContacts } from './contacts';
import { normaliseProperties } from './describe';
import { normaliseThrown } from './error-map';
import { addListMembers, describeList } from './lists';
import { matchRecords } from './match';
import { HUBSPOT_OBJECTS, isCrmObject } from './objects';
import type { HubSpotSession } from './session';
import { toResults, writeRecords } from './upsert';

function crmObject(object: ObjectName): CrmObject {
  if (isCrmObject(object)) return object;

  throw new ConnectorError({
    category: 'UNKNOWN',
    vendorCode: 'UNSUPPORTED_OBJECT',
    vendorMessage: `The HubSpot connector writes ${HUBSPOT_OBJECTS.map((item) => item.name).join(' and ')}, not ${object}`,
  });
}

/** A connected HubSpot account, per connection. */
export class HubSpotClient implements ConnectorClient {
  constructor(private readonly session: HubSpotSession) {}

  async testConnection(): Promise<TestConnectionResult> {
    try {
      // https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/basic/get-page
      await this.session.run((client) => client.crm.contacts.basicApi.getPage(1));
      const token = this.session.accessToken ?? '';
      // https://developers.hubspot.com/docs/api/oauth/tokens (access token information)
      const info = await this.session.run((client) => client.oauth.accessTokensApi.get(token));

      return {
        ok: true,
        account: `${info.hubDomain ?? 'HubSpot'} (hub ${info.hubId})`,
        // The hub id: a private-app token to the same portal reports it too.
        accountId: `hub:${info.hubId}`,
      };
    } catch (error) {
      return { ok: false, error: normaliseThrown(error) };
    }
  }

  refreshCredentials(): Promise<Credentials> {
    return this.session.refresh();
  }

  async describe(object: ObjectName): Promise<RemoteSchema> {
    const type = crmObject(object);
    // https://developers.hubspot.com/docs/api-reference/legacy/crm/properties/core/get-all
    const response = await this.session.run((client) =>
      client.crm.properties.coreApi.getAll(type, false),
    );

    return normaliseProperties(object, response.results);
  }

  async upsert(object: ObjectName, records: UpsertRecord[]): Promise<UpsertResult[]> {
    const type = crmObject(object);
    const outcomes =
      type === 'contacts'
        ? await upsertContacts(this.session, records)
        : await writeRecords(this.session, type, records);

    return toResults(type, records, outcomes);
  }

  /** Read-only: the object `upsert` would update for each input (batch read, search). */
  match(object: ObjectName, records: MatchRecord[]): Promise<MatchResult[]> {
    return matchRecords(this.session, crmObject(object), records);
  }

  addCampaignMembers(
    campaign: { id: string; status?: string },
    members: CampaignMember[],
  ): Promise<CampaignMemberResult[]> {
    return addListMembers(this.session, campaign, members);
  }

  describeCampaign(id: string): Promise<RemoteCampaign | undefined> {
    return describeList(this.session, id);
  }
}
