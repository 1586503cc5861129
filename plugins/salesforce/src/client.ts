import type {
  CampaignMember,
  CampaignMemberResult,
  ConnectorClient,
  Credentials,
  MatchRecord,
  MatchResult,
  ObjectName,
  RemoteCampaign,
  RemoteSchema,
  Settings,
  TestConnectionResult,
  UpsertRecord,
  UpsertResult,
} from '@libs/connector-sdk';

import { addCampaignMembers, describeCampaign } from './campaigns';
import { normaliseDescribe } from './describe';
import { normaliseThrown } from './error-map';
import type { SalesforceSession } from './session';
import { matchByStrategy, upsertByStrategy } from './strategies';
import { matchingStrategyOf } from './upsert';

/** A connected Salesforce org, per connection. */
export class SalesforceClient implements ConnectorClient {
  constructor(
    private readonly session: SalesforceSession,
    private readonly settings: Settings,
  ) {}

  async testConnection(): Promise<TestConnectionResult> {
    try {
      const identity = await this.session.run(async (conn) => {
        // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_limits.htm
        await conn.limits();

        // https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_openid.htm
        return conn.identity();
      });

      return {
        ok: true,
        account: `${identity.username} (org ${identity.organization_id})`,
        accountId: `org:${identity.organization_id}`,
      };
    } catch (error) {
      return { ok: false, error: normaliseThrown(error) };
    }
  }

  refreshCredentials(): Promise<Credentials> {
    return this.session.refresh();
  }

  async describe(object: ObjectName): Promise<RemoteSchema> {
    // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
    const describe = await this.session.run((conn) => conn.describe(object));

    return normaliseDescribe(object, describe);
  }

  upsert(object: ObjectName, records: UpsertRecord[]): Promise<UpsertResult[]> {
    const strategy = matchingStrategyOf(this.settings.matchingStrategy);

    return upsertByStrategy(this.session, strategy, object, records);
  }

  addCampaignMembers(
    campaign: { id: string; status?: string },
    members: CampaignMember[],
  ): Promise<CampaignMemberResult[]> {
    return addCampaignMembers(this.session, campaign, members);
  }

  describeCampaign(id: string): Promise<RemoteCampaign | undefined> {
    return describeCampaign(this.session, id);
  }

  /** Read-only: the record `upsert` would update for each input, through SOQL queries. */
  match(object: ObjectName, records: MatchRecord[]): Promise<MatchResult[]> {
    const strategy = matchingStrategyOf(this.settings.matchingStrategy);

    return matchByStrategy(this.session, strategy, object, records);
  }
}
