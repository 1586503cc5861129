import type { ObjectDescriptor } from '@libs/connector-sdk';

export const SALESFORCE_OBJECTS: ObjectDescriptor[] = [
  { name: 'Lead', label: 'Lead', role: 'persona' },
  { name: 'Contact', label: 'Contact', role: 'persona' },
  { name: 'Account', label: 'Account', role: 'company' },
  { name: 'Campaign', label: 'Campaign', role: 'campaign' },
];

/** How an existing record is found by email before creating one. */
export interface EmailMatcher {
  field: string;
  /** Extra SOQL condition ANDed to the email filter. */
  condition?: string;
}

/**
 * "Leads only" matching: a Lead is matched against open (unconverted) Leads only — a converted
 * Lead is read-only, and Contacts are not searched. Contacts match Contacts. Accounts and
 * Campaigns have no email and are matched by stored remote id alone.
 */
export const EMAIL_MATCHERS: Readonly<Partial<Record<string, EmailMatcher>>> = {
  Lead: { field: 'Email', condition: 'IsConverted = false' },
  Contact: { field: 'Email' },
};
