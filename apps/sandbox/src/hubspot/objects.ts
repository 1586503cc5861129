export const HUBSPOT_OBJECT_TYPES = ['contacts', 'companies'] as const;

export type HubSpotObjectType = (typeof HUBSPOT_OBJECT_TYPES)[number];

interface ObjectTypeInfo {
  objectTypeId: string;
  /** Upper-case singular name used in some messages (`CONTACT`). */
  singular: string;
  /** Human name used in conflict messages (`Contact`). */
  label: string;
  aliases: readonly string[];
}

export const OBJECT_TYPE_INFO: Readonly<Record<HubSpotObjectType, ObjectTypeInfo>> = {
  contacts: {
    objectTypeId: '0-1',
    singular: 'CONTACT',
    label: 'Contact',
    aliases: ['contacts', 'contact', '0-1'],
  },
  companies: {
    objectTypeId: '0-2',
    singular: 'COMPANY',
    label: 'Company',
    aliases: ['companies', 'company', '0-2'],
  },
};

export function isHubSpotObjectType(value: unknown): value is HubSpotObjectType {
  return typeof value === 'string' && (HUBSPOT_OBJECT_TYPES as readonly string[]).includes(value);
}

/** Resolves a path segment the way HubSpot does: plural or singular name, any case, or type id. */
export function resolveObjectType(value: string): HubSpotObjectType | undefined {
  const lower = value.toLowerCase();

  return HUBSPOT_OBJECT_TYPES.find((type) => OBJECT_TYPE_INFO[type].aliases.includes(lower));
}

export function objectTypeById(objectTypeId: string): HubSpotObjectType | undefined {
  return HUBSPOT_OBJECT_TYPES.find((type) => OBJECT_TYPE_INFO[type].objectTypeId === objectTypeId);
}
