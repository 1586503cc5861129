import type { ObjectName, RecommendedMappingRow, RecommendedMappings } from '@mobly/connector-sdk';

import { LEAD_OBJECT } from './constants';

/** Bumped whenever a row changes, so hosts can tell which defaults a connection was given. */
export const RECOMMENDED_MAPPINGS_VERSION = '2026-01-1';

const overwrite = (source: string, target: string): RecommendedMappingRow => ({
  source,
  target,
  behaviour: 'overwrite',
});

/** Mobly lead fields → the receiver's `lead` fields. The first lead source is kept. */
const LEAD_ROWS: readonly RecommendedMappingRow[] = [
  overwrite('firstName', 'first_name'),
  overwrite('lastName', 'last_name'),
  overwrite('email', 'email'),
  overwrite('jobTitle', 'job_title'),
  overwrite('company.name', 'company'),
  overwrite('company.industry', 'industry'),
  overwrite('company.website', 'website'),
  overwrite('phone', 'phone'),
  overwrite('mobilePhone', 'mobile_phone'),
  overwrite('address.city', 'city'),
  overwrite('address.country', 'country'),
  overwrite('linkedinUrl', 'linkedin_url'),
  overwrite('notes', 'notes'),
  overwrite('annualRevenue', 'annual_revenue'),
  overwrite('employees', 'employees'),
  { source: 'leadSource', target: 'lead_source', behaviour: 'write_if_blank' },
];

export function recommendedMappings(object: ObjectName): RecommendedMappings | undefined {
  if (object !== LEAD_OBJECT) return undefined;

  return {
    object,
    version: RECOMMENDED_MAPPINGS_VERSION,
    rows: LEAD_ROWS.map((row) => ({ ...row })),
  };
}
