import type { ObjectName, RecommendedMappingRow, RecommendedMappings } from '@mobly/connector-sdk';

import { CONTACT_OBJECT } from './constants';

/** Bumped whenever a row changes, so hosts can tell which defaults a connection was given. */
export const RECOMMENDED_MAPPINGS_VERSION = '2026-01-1';

const overwrite = (source: string, target: string): RecommendedMappingRow => ({
  source,
  target,
  behaviour: 'overwrite',
});

/** Mobly lead fields → the API's `contact` fields. */
const CONTACT_ROWS: readonly RecommendedMappingRow[] = [
  overwrite('email', 'email'),
  overwrite('firstName', 'first_name'),
  overwrite('lastName', 'last_name'),
  overwrite('jobTitle', 'job_title'),
  overwrite('company.name', 'company'),
  overwrite('phone', 'phone'),
  overwrite('address.city', 'city'),
  overwrite('address.country', 'country'),
  { source: 'notes', target: 'notes', behaviour: 'write_if_blank' },
];

export function recommendedMappings(object: ObjectName): RecommendedMappings | undefined {
  if (object !== CONTACT_OBJECT) return undefined;

  return {
    object,
    version: RECOMMENDED_MAPPINGS_VERSION,
    rows: CONTACT_ROWS.map((row) => ({ ...row })),
  };
}
