import type { ObjectName, RecommendedMappingRow, RecommendedMappings } from '@libs/connector-sdk';

/** Bumped whenever a row changes, so hosts can tell which defaults a connection was given. */
export const RECOMMENDED_MAPPINGS_VERSION = '2025-01-1';

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
 * Mobly lead fields → standard Salesforce fields. `linkedinUrl` has no standard field on any of
 * these objects and is left for the admin to map to a custom one. Lead Source keeps the first
 * source that brought the person in; an Account's data belongs to sales and is only filled in.
 */
const ROWS: Readonly<Partial<Record<ObjectName, RecommendedMappingRow[]>>> = {
  Lead: [
    overwrite('firstName', 'FirstName'),
    overwrite('lastName', 'LastName'),
    overwrite('email', 'Email'),
    overwrite('jobTitle', 'Title'),
    overwrite('phone', 'Phone'),
    overwrite('mobilePhone', 'MobilePhone'),
    overwrite('company.name', 'Company'),
    overwrite('company.industry', 'Industry'),
    overwrite('company.website', 'Website'),
    overwrite('address.street', 'Street'),
    overwrite('address.city', 'City'),
    overwrite('address.state', 'State'),
    overwrite('address.postalCode', 'PostalCode'),
    overwrite('address.country', 'Country'),
    overwrite('rating', 'Rating'),
    ifBlank('leadSource', 'LeadSource'),
    overwrite('annualRevenue', 'AnnualRevenue'),
    overwrite('employees', 'NumberOfEmployees'),
    overwrite('notes', 'Description'),
  ],
  Contact: [
    overwrite('firstName', 'FirstName'),
    overwrite('lastName', 'LastName'),
    overwrite('email', 'Email'),
    overwrite('jobTitle', 'Title'),
    overwrite('phone', 'Phone'),
    overwrite('mobilePhone', 'MobilePhone'),
    overwrite('address.street', 'MailingStreet'),
    overwrite('address.city', 'MailingCity'),
    overwrite('address.state', 'MailingState'),
    overwrite('address.postalCode', 'MailingPostalCode'),
    overwrite('address.country', 'MailingCountry'),
    ifBlank('leadSource', 'LeadSource'),
    ifBlank('notes', 'Description'),
  ],
  Account: [
    ifBlank('company.name', 'Name'),
    ifBlank('company.industry', 'Industry'),
    ifBlank('company.website', 'Website'),
    ifBlank('address.street', 'BillingStreet'),
    ifBlank('address.city', 'BillingCity'),
    ifBlank('address.state', 'BillingState'),
    ifBlank('address.postalCode', 'BillingPostalCode'),
    ifBlank('address.country', 'BillingCountry'),
    ifBlank('annualRevenue', 'AnnualRevenue'),
    ifBlank('employees', 'NumberOfEmployees'),
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
