import { isConnectorError, type ConnectorClient } from '@libs/connector-sdk';
import type { Metrics } from '@libs/core';

const COUNTED = [
  'testConnection',
  'describe',
  'upsert',
  'match',
  'addCampaignMembers',
  'describeCampaign',
  'notify',
  'refreshCredentials',
] as const;

/** Per-record results (upsert, match, notify, campaign members) that report a rate limit. */
function rateLimitedResults(value: unknown): number {
  if (!Array.isArray(value)) return 0;

  return (value as { ok?: boolean; error?: { category?: string } }[]).filter(
    (result) => result?.ok === false && result.error?.category === 'RATE_LIMITED',
  ).length;
}

/**
 * The same client, counting each operation and each rate-limit answer in the metrics. A
 * rate-limited record inside an answered batch counts once per record.
 */
export function instrumentClient(
  client: ConnectorClient,
  connector: string,
  metrics: Metrics,
): ConnectorClient {
  const instrumented: ConnectorClient = Object.create(client) as ConnectorClient;
  for (const operation of COUNTED) {
    const original = client[operation] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (typeof original !== 'function') continue;
    const counted = async (...args: unknown[]): Promise<unknown> => {
      try {
        const value = await original.apply(client, args);
        const limited = rateLimitedResults(value);
        if (limited > 0) metrics.rateLimited.inc({ connector }, limited);
        metrics.connectorCalls.inc({ connector, operation, outcome: 'ok' });

        return value;
      } catch (error) {
        const limited = isConnectorError(error) && error.category === 'RATE_LIMITED';
        if (limited) metrics.rateLimited.inc({ connector });
        metrics.connectorCalls.inc({
          connector,
          operation,
          outcome: limited ? 'rate_limited' : 'error',
        });
        throw error;
      }
    };
    Object.defineProperty(instrumented, operation, { value: counted });
  }

  return instrumented;
}
