import { Logger } from '@nestjs/common';
import {
  ConnectorError,
  isConnectorError,
  type ConnectorClient,
  type NormalisedError,
  type VendorLimits,
} from '@libs/connector-sdk';
import { hasBudgetLimits, type RateBudget } from '@libs/core';

/** A rate limit the vendor gave no duration for holds the account this long. */
export const DEFAULT_RATE_PAUSE_MS = 10_000;

/** A call outside the sync worker (connection test, describe…) waits this long for its turn. */
const MAX_TURN_WAIT_MS = 15_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface BudgetBinding {
  budget: RateBudget;
  /** The vendor account's budget, see `budgetKey`. */
  key: string;
  limits: VendorLimits;
  connectionId: string;
}

/**
 * The vendor refused a call for its rate limit: the account's budget pauses for everyone, as
 * long as the vendor said (Retry-After) or else one window. Returns the pause.
 */
export async function pauseForRateLimit(
  binding: BudgetBinding,
  error: NormalisedError,
): Promise<number> {
  const waitMs = error.retryAfterMs ?? binding.limits.windowMs ?? DEFAULT_RATE_PAUSE_MS;
  await binding.budget.pause(binding.key, waitMs);
  new Logger('RateBudget').warn(
    { connectionId: binding.connectionId, waitMs, code: error.vendorCode },
    'vendor rate limit; account paused',
  );

  return waitMs;
}

/**
 * A client whose every call takes a turn in the account's shared budget first, waiting a short
 * while for one; a longer wait fails the call as rate limited, with the time to wait.
 */
export function budgetedClient(client: ConnectorClient, binding: BudgetBinding): ConnectorClient {
  if (!hasBudgetLimits(binding.limits)) return client;

  const call = async <T>(run: () => Promise<T>): Promise<T> => {
    const deadline = Date.now() + MAX_TURN_WAIT_MS;
    for (;;) {
      const grant = await binding.budget.acquire(binding.key, binding.limits);
      if (grant.granted) {
        try {
          return await run();
        } catch (error) {
          if (isConnectorError(error) && error.category === 'RATE_LIMITED') {
            await pauseForRateLimit(binding, error.error);
          }
          throw error;
        } finally {
          await binding.budget.release(binding.key, grant.lease).catch(() => undefined);
        }
      }
      if (Date.now() + grant.waitMs > deadline) {
        throw new ConnectorError({
          category: 'RATE_LIMITED',
          vendorCode: 'RATE_BUDGET',
          vendorMessage: `The vendor account's rate budget is spent (${grant.reason})`,
          retryAfterMs: grant.waitMs,
        });
      }
      await sleep(grant.waitMs);
    }
  };

  const budgeted: ConnectorClient = {
    testConnection: () => call(() => client.testConnection()),
    refreshCredentials: () => client.refreshCredentials(),
    describe: (object) => call(() => client.describe(object)),
    upsert: (object, records) => call(() => client.upsert(object, records)),
  };
  const { addCampaignMembers, describeCampaign, notify, match } = client;
  if (match) budgeted.match = (object, records) => call(() => match.call(client, object, records));
  if (addCampaignMembers) {
    budgeted.addCampaignMembers = (campaign, members) =>
      call(() => addCampaignMembers.call(client, campaign, members));
  }
  if (describeCampaign) {
    budgeted.describeCampaign = (id) => call(() => describeCampaign.call(client, id));
  }
  if (notify) budgeted.notify = (messages) => call(() => notify.call(client, messages));

  return budgeted;
}
