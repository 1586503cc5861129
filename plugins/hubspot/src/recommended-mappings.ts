import type { ObjectName, RecommendedMappingRow, RecommendedMappings } from '@libs/connector-sdk';

/** Bumped whenever a row changes, so hosts can tell which defaults a connection was given. */
export const RECOMMENDED_MAPPINGS_VERSION = '2026-12-1';

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
 * Mobly lead fields → HubSpot default properties. Contacts' `numemployees` and companies'
 * `industry` are enumerations of fixed ranges and codes that free-text lead data would not
 * match, so they are left for the admin; so are rating, lead source and LinkedIn, which have no
 * default property. A company's data belongs to sales and is only filled in.
 */
const ROWS: Readonly<Partial<Record<ObjectName, RecommendedMappingRow[]>>> = {
  contacts: [
    overwrite('firstName', 'firstname'),
    overwrite('lastName', 'lastname'),
    overwrite('email', 'email'),
    overwrite('jobTitle', 'jobtitle'),
    overwrite('phone', 'phone'),
    overwrite('mobilePhone', 'mobilephone'),
    overwrite('company.name', 'company'),
    overwrite('company.industry', 'industry'),
    overwrite('company.website', 'website'),
    overwrite('address.street', 'address'),
    overwrite('address.city', 'city'),
    overwrite('address.state', 'state'),
    overwrite('address.postalCode', 'zip'),
    overwrite('address.country', 'country'),
    overwrite('annualRevenue', 'annualrevenue'),
    ifBlank('notes', 'message'),
  ],
  companies: [
    ifBlank('company.name', 'name'),
    ifBlank('company.website', 'website'),
    ifBlank('address.street', 'address'),
    ifBlank('address.city', 'city'),
    ifBlank('address.state', 'state'),
    ifBlank('address.postalCode', 'zip'),
    ifBlank('address.country', 'country'),
    ifBlank('annualRevenue', 'annualrevenue'),
    ifBlank('employees', 'numberofemployees'),
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
