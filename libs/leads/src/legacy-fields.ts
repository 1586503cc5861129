import { LEAD_FIELD_PATHS } from './lead-fields';

/**
 * The lead field names of the legacy integrations (snake_case, as the legacy configuration
 * stored them in its mapping panels), each with the Mobly lead field path it now is. One name
 * per path, so a panel reads back as it was saved.
 */
export const LEGACY_LEAD_FIELDS: Readonly<Record<string, string>> = {
  first_name: 'firstName',
  last_name: 'lastName',
  email: 'email',
  job_title: 'jobTitle',
  phone: 'phone',
  mobile_phone: 'mobilePhone',
  company_name: 'company.name',
  industry: 'company.industry',
  company_website: 'company.website',
  street: 'address.street',
  city: 'address.city',
  state: 'address.state',
  postal_code: 'address.postalCode',
  country: 'address.country',
  linkedin_url: 'linkedinUrl',
  notes: 'notes',
  rating: 'rating',
  lead_source: 'leadSource',
  annual_revenue: 'annualRevenue',
  employees: 'employees',
  scan_count: 'scanCount',
};

/** The Mobly lead field path of a legacy field name; undefined for a name legacy never had. */
export function legacyFieldPath(name: string): string | undefined {
  const path = Object.hasOwn(LEGACY_LEAD_FIELDS, name) ? LEGACY_LEAD_FIELDS[name] : undefined;

  return path !== undefined && LEAD_FIELD_PATHS.has(path) ? path : undefined;
}

/** The legacy field name of a Mobly lead field path; undefined for fields legacy never had. */
export function legacyFieldName(path: string): string | undefined {
  return Object.entries(LEGACY_LEAD_FIELDS).find(([, candidate]) => candidate === path)?.[0];
}
