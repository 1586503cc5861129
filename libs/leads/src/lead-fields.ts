import type { Lead } from './lead.entity';

export type LeadFieldType = 'text' | 'email' | 'phone' | 'url' | 'number' | 'picklist';

export interface LeadField {
  path: string;
  label: string;
  type: LeadFieldType;
}

/** The Mobly fields a mapping row can read, by path. */
export const LEAD_FIELDS: readonly LeadField[] = [
  { path: 'firstName', label: 'First name', type: 'text' },
  { path: 'lastName', label: 'Last name', type: 'text' },
  { path: 'email', label: 'Email', type: 'email' },
  { path: 'jobTitle', label: 'Job title', type: 'text' },
  { path: 'phone', label: 'Phone (captured)', type: 'phone' },
  { path: 'mobilePhone', label: 'Phone (enrichment)', type: 'phone' },
  { path: 'company.name', label: 'Company', type: 'text' },
  { path: 'company.industry', label: 'Industry', type: 'text' },
  { path: 'company.website', label: 'Company website', type: 'url' },
  { path: 'address.street', label: 'Street', type: 'text' },
  { path: 'address.city', label: 'City', type: 'text' },
  { path: 'address.state', label: 'State', type: 'text' },
  { path: 'address.postalCode', label: 'Postal code', type: 'text' },
  { path: 'address.country', label: 'Country', type: 'text' },
  { path: 'linkedinUrl', label: 'LinkedIn', type: 'url' },
  { path: 'notes', label: 'Notes', type: 'text' },
  { path: 'rating', label: 'Rating', type: 'picklist' },
  { path: 'leadSource', label: 'Lead source', type: 'picklist' },
  { path: 'annualRevenue', label: 'Annual revenue', type: 'number' },
  { path: 'employees', label: 'Employees', type: 'number' },
  { path: 'scanCount', label: 'Number of scans', type: 'number' },
];

export const LEAD_FIELD_PATHS: ReadonlySet<string> = new Set(LEAD_FIELDS.map((f) => f.path));

export type LeadValue = string | number | null;

/** Reads every mappable field of a lead into a flat path → value dictionary. */
export function leadValues(lead: Lead): Record<string, LeadValue> {
  return {
    firstName: lead.firstName ?? null,
    lastName: lead.lastName ?? null,
    email: lead.email ?? null,
    jobTitle: lead.jobTitle ?? null,
    phone: lead.phone ?? null,
    mobilePhone: lead.mobilePhone ?? null,
    'company.name': lead.company.name ?? null,
    'company.industry': lead.company.industry ?? null,
    'company.website': lead.company.website ?? null,
    'address.street': lead.address.street ?? null,
    'address.city': lead.address.city ?? null,
    'address.state': lead.address.state ?? null,
    'address.postalCode': lead.address.postalCode ?? null,
    'address.country': lead.address.country ?? null,
    linkedinUrl: lead.linkedinUrl ?? null,
    notes: lead.notes ?? null,
    rating: lead.rating ?? null,
    leadSource: lead.leadSource ?? null,
    annualRevenue: lead.annualRevenue ?? null,
    employees: lead.employees ?? null,
    scanCount: lead.scanCount,
  };
}
