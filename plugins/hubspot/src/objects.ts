import type { ObjectDescriptor } from '@libs/connector-sdk';

import type { CrmObject } from './batch';

export const HUBSPOT_OBJECTS: ObjectDescriptor[] = [
  { name: 'contacts', label: 'Contacts', role: 'persona' },
  { name: 'companies', label: 'Companies', role: 'company' },
];

export function isCrmObject(value: string): value is CrmObject {
  return value === 'contacts' || value === 'companies';
}
