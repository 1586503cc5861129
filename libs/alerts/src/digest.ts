import type { DigestCard, NotifyMessage } from '@libs/connector-sdk';
import { DigestPeriod } from './notification-rule.entity';

export interface CategoryCount {
  category: string;
  count: number;
  description: string;
  helpPath: string;
}

export interface DigestInput {
  ruleId: string;
  connectionId: string;
  connectionName: string;
  period: DigestPeriod;
  /** End of the period: keys the message so a replayed run posts nothing new. */
  until: Date;
  channel: string;
  publicUrl: string;
  categories: CategoryCount[];
}

const PERIOD_WORDS: Record<DigestPeriod, string> = {
  [DigestPeriod.Hourly]: 'in the last hour',
  [DigestPeriod.Daily]: 'in the last day',
};

function absolute(publicUrl: string, path: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${path}`;
}

/** The digest message of one connection's new sync errors over one period. */
export function digestMessage(input: DigestInput): NotifyMessage {
  const total = input.categories.reduce((sum, category) => sum + category.count, 0);
  const period = PERIOD_WORDS[input.period];
  const digest: DigestCard = {
    connection: input.connectionName,
    period,
    categories: input.categories.map((category) => ({
      category: category.category,
      count: category.count,
      description: category.description,
      helpUrl: absolute(input.publicUrl, category.helpPath),
    })),
    reconciliationUrl: absolute(
      input.publicUrl,
      `/v1/connections/${input.connectionId}/reconciliation/failed/by-category`,
    ),
  };
  const lines = input.categories.map((category) => `${category.category}: ${category.count}`);

  return {
    key: `${input.ruleId}:${input.connectionId}:${input.until.toISOString()}`,
    channel: input.channel,
    text: `${total} lead${total === 1 ? '' : 's'} failed to sync to ${input.connectionName} ${period} (${lines.join(', ')})`,
    digest,
  };
}
