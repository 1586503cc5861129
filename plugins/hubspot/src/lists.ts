import {
  chunk,
  ERROR_CATEGORIES,
  normalisedError,
  type CampaignMember,
  type CampaignMemberResult,
  type ConnectorError,
  type RemoteCampaign,
} from '@libs/connector-sdk';

import { BATCH_LIMIT } from './constants';
import { HubSpotError, toConnectorError } from './error-map';
import type { HubSpotSession } from './session';

/**
 * Adds contacts to a static (MANUAL or SNAPSHOT) list, the campaign of this connector. Lists
 * have no member status, so `campaign.status` is not used. A contact HubSpot reports missing
 * fails alone; a list that does not exist or refuses manual changes fails every member.
 */
export async function addListMembers(
  session: HubSpotSession,
  campaign: { id: string },
  members: CampaignMember[],
): Promise<CampaignMemberResult[]> {
  const results: CampaignMemberResult[] = new Array(members.length);
  const callErrors: Array<ConnectorError | undefined> = members.map(() => undefined);
  const pending = members.map((member, index) => ({ member, index }));

  for (const batch of chunk(pending, BATCH_LIMIT)) {
    const ids = [...new Set(batch.map(({ member }) => member.personId))];
    try {
      // https://developers.hubspot.com/docs/api-reference/legacy/crm/lists/memberships/add-records
      const response = await session.run(
        (client) => client.crm.lists.membershipsApi.add(campaign.id, ids),
        'campaign',
      );
      const missing = new Set(response.recordIdsMissing ?? []);
      for (const { member, index } of batch) {
        results[index] = missing.has(member.personId)
          ? {
              key: member.key,
              ok: false,
              error: normalisedError({
                category: 'REMOTE_RECORD_NOT_FOUND',
                vendorCode: 'RECORD_ID_MISSING',
                vendorMessage: `HubSpot has no ${member.personObject} record ${member.personId} to add to list ${campaign.id}`,
              }),
            }
          : { key: member.key, ok: true };
      }
    } catch (error) {
      const failure = toConnectorError(error, 'campaign');
      if (ERROR_CATEGORIES[failure.category].connectionLevel) throw failure;
      for (const { member, index } of batch) {
        results[index] = { key: member.key, ok: false, error: failure.error };
        callErrors[index] = failure;
      }
    }
  }

  const first = callErrors[0];
  if (first && callErrors.every((error) => error !== undefined)) throw first;

  return results;
}

/**
 * A list, to check it before adding members: undefined when HubSpot has none with that id (or
 * it was deleted); a DYNAMIC list is not active, as it takes no manual members.
 */
export async function describeList(
  session: HubSpotSession,
  listId: string,
): Promise<RemoteCampaign | undefined> {
  try {
    // https://developers.hubspot.com/docs/api-reference/legacy/crm/lists/get-list-by-id
    const { list } = await session.run(
      (client) => client.crm.lists.listsApi.getById(listId),
      'campaign',
    );
    const manual = list.processingType !== 'DYNAMIC';

    return {
      id: list.listId,
      name: list.name,
      active: manual,
      ...(manual ? {} : { inactiveReason: 'a DYNAMIC list takes no manual members' }),
    };
  } catch (error) {
    if (error instanceof HubSpotError && error.failure.httpStatus === 404) return undefined;
    throw error;
  }
}
