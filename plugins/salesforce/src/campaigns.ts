import {
  chunk,
  ERROR_CATEGORIES,
  normalisedError,
  type CampaignMember,
  type CampaignMemberResult,
  type NormalisedError,
  type RemoteCampaign,
} from '@libs/connector-sdk';
import type { SaveResult } from 'jsforce';

import { COLLECTION_BATCH_LIMIT } from './constants';
import { mapSaveError, normaliseThrown } from './error-map';
import type { SalesforceSession } from './session';
import { soqlString } from './soql';

/** Re-adding a member answers DUPLICATE_VALUE with this message: it is a member, as asked. */
const ALREADY_MEMBER = 'already a campaign member';

/** Save errors that say the campaign link is wrong, not the person. */
const LINK_ERRORS: Readonly<Record<string, string>> = {
  INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: 'Status',
  INVALID_CROSS_REFERENCE_KEY: 'CampaignId',
};

const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

function memberError(result: SaveResult | undefined): NormalisedError | undefined {
  if (result?.success) return undefined;
  const first = result?.errors[0];
  if (!first) {
    return normalisedError({
      category: 'UNKNOWN',
      vendorCode: 'NO_RESULT',
      vendorMessage: 'Salesforce returned no result for the member',
    });
  }
  const error = mapSaveError(first);
  if (
    error.vendorCode === 'DUPLICATE_VALUE' &&
    error.vendorMessage.toLowerCase().includes(ALREADY_MEMBER)
  ) {
    return undefined;
  }
  const linkField = LINK_ERRORS[error.vendorCode];
  if (linkField && (error.field === undefined || error.field === linkField)) {
    return { ...error, category: 'CAMPAIGN_LINK_INVALID', retryable: false };
  }

  return error;
}

/**
 * Adds Leads (or Contacts) to a Campaign with a member status through sObject Collections,
 * allOrNone off. Someone already a member counts as added. A call that fails as a whole fails
 * its members; an auth failure, or one every member shares, throws.
 */
export async function addCampaignMembers(
  session: SalesforceSession,
  campaign: { id: string; status?: string },
  members: CampaignMember[],
): Promise<CampaignMemberResult[]> {
  const results: CampaignMemberResult[] = new Array(members.length);
  // One row per person: the same person twice in a batch would answer DUPLICATE_VALUE.
  const people = [...new Set(members.map((member) => member.personId))];
  const outcome = new Map<string, NormalisedError | undefined>();
  let thrown: unknown;
  let failedCalls = 0;
  const batches = chunk(people, COLLECTION_BATCH_LIMIT);
  for (const batch of batches) {
    const rows = batch.map((personId) => {
      const member = members.find((candidate) => candidate.personId === personId);
      const personField = member?.personObject === 'Contact' ? 'ContactId' : 'LeadId';

      return {
        CampaignId: campaign.id,
        [personField]: personId,
        ...(campaign.status ? { Status: campaign.status } : {}),
      };
    });
    try {
      // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_create.htm
      const saved = await session.run((conn) =>
        conn.sobject('CampaignMember').create(rows, { allOrNone: false }),
      );
      batch.forEach((personId, position) => outcome.set(personId, memberError(saved[position])));
    } catch (error) {
      const failure = normaliseThrown(error);
      if (ERROR_CATEGORIES[failure.category].connectionLevel) throw error;
      thrown ??= error;
      failedCalls += 1;
      for (const personId of batch) outcome.set(personId, failure);
    }
  }
  if (thrown !== undefined && failedCalls === batches.length) throw thrown;

  members.forEach((member, index) => {
    const error = outcome.get(member.personId);
    results[index] = error ? { key: member.key, ok: false, error } : { key: member.key, ok: true };
  });

  return results;
}

/**
 * A Campaign and its member statuses (CampaignMemberStatus labels), to check a link: undefined
 * when there is no such campaign; an inactive one is not active.
 */
export async function describeCampaign(
  session: SalesforceSession,
  id: string,
): Promise<RemoteCampaign | undefined> {
  if (!SALESFORCE_ID.test(id)) return undefined;
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
  const found = await session.run((conn) =>
    conn.query<{ Id: string; Name: string; IsActive: boolean }>(
      `SELECT Id, Name, IsActive FROM Campaign WHERE Id = ${soqlString(id)}`,
    ),
  );
  const campaign = found.records[0];
  if (!campaign) return undefined;

  // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_campaignmemberstatus.htm
  const statuses = await session.run((conn) =>
    conn.query<{ Label: string; IsDefault: boolean }>(
      `SELECT Label, IsDefault FROM CampaignMemberStatus WHERE CampaignId = ${soqlString(campaign.Id)} ORDER BY SortOrder`,
    ),
  );
  const defaultStatus = statuses.records.find((status) => status.IsDefault)?.Label;

  return {
    id: campaign.Id,
    name: campaign.Name,
    active: campaign.IsActive === true,
    ...(campaign.IsActive === true ? {} : { inactiveReason: 'the campaign is not active' }),
    statuses: statuses.records.map((status) => status.Label),
    ...(defaultStatus === undefined ? {} : { defaultStatus }),
  };
}
