import type { IntegrationCategory } from '@libs/connector-sdk';

/** The categories that move from legacy to the new platform, in the order they move. */
export const MIGRATED_CATEGORIES = ['crm', 'marketing_automation', 'communication'] as const;

export type MigratedCategory = (typeof MIGRATED_CATEGORIES)[number] & IntegrationCategory;

export const CATEGORY_LABELS: Record<MigratedCategory, string> = {
  crm: 'CRM',
  marketing_automation: 'marketing automation',
  communication: 'communication',
};

export function isMigratedCategory(value: string): value is MigratedCategory {
  return (MIGRATED_CATEGORIES as readonly string[]).includes(value);
}
