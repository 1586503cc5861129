import type { ObjectName, RecommendedMappingRow, RecommendedMappings } from '@libs/connector-sdk';

import { LEADS_OBJECT } from './constants';

/** Bumped whenever a row changes, so hosts can tell which defaults a connection was given. */
export const RECOMMENDED_MAPPINGS_VERSION = '2026-01-1';

const overwrite = (source: string, target: string): RecommendedMappingRow => ({
  source,
  target,
  behaviour: 'overwrite',
});
const ifBlank = (source: string, target: string): RecommendedMappingRow => ({
  source,
  target,
  behaviour: 'write_if_blank',
});

/**
 * Mobly lead fields → standard Marketo lead fields (REST names). `linkedinUrl` has no standard
 * field and is left for the admin to map to a custom one. Lead Source keeps the first source
 * that brought the person in.
 */
const ROWS: Readonly<Partial<Record<ObjectName, RecommendedMappingRow[]>>> = {
  [LEADS_OBJECT]: [
    overwrite('firstName', 'firstName'),
    overwrite('lastName', 'lastName'),
    overwrite('email', 'email'),
    overwrite('jobTitle', 'title'),
    overwrite('phone', 'phone'),
    overwrite('mobilePhone', 'mobilePhone'),
    overwrite('company.name', 'company'),
    overwrite('company.industry', 'industry'),
    overwrite('company.website', 'website'),
    overwrite('address.street', 'address'),
    overwrite('address.city', 'city'),
    overwrite('address.state', 'state'),
    overwrite('address.postalCode', 'postalCode'),
    overwrite('address.country', 'country'),
    overwrite('rating', 'rating'),
    ifBlank('leadSource', 'leadSource'),
    overwrite('annualRevenue', 'annualRevenue'),
    overwrite('employees', 'numberOfEmployees'),
    overwrite('notes', 'mktoPersonNotes'),
  ],
};

export function recommendedMappings(object: ObjectName): RecommendedMappings | undefined {
  const rows = ROWS[object];
  if (!rows) return undefined;

  return {
    object,
    version: RECOMMENDED_MAPPINGS_VERSION,
    rows: rows.map((row) => ({ ...row })),
  };
}
