import type { FieldValue, UpsertRecord } from '@libs/connector-sdk';

/** A record handed to `upsert` with its position in the input. */
export interface Pending {
  index: number;
  record: UpsertRecord;
}

/** HubSpot property values are strings; an empty string clears a value. */
export function propertyValue(value: FieldValue): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';

  return String(value);
}

/** HubSpot matches emails case-insensitively and stores them lower-cased. */
export function normaliseEmail(value: FieldValue | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const email = value.trim().toLowerCase();

  return email === '' ? undefined : email;
}

/** `https://www.Acme.com/about` → `acme.com`; undefined when no host name can be read. */
export function normaliseDomain(value: FieldValue | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const raw = value.trim().toLowerCase();
  if (raw === '') return undefined;
  let host: string;
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//.test(raw) ? raw : `http://${raw}`).hostname;
  } catch {
    return undefined;
  }
  host = host.replace(/^www\./, '');

  return host.includes('.') ? host : undefined;
}

export function isBlank(value: unknown): boolean {
  return (
    value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
  );
}

/**
 * Applies the records of one remote object in input order; a write-if-blank property only fills
 * a blank current value (current values come from HubSpot, or from an earlier record).
 */
export function compose(
  members: Pending[],
  current: Readonly<Record<string, string | null>>,
): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const { record } of members) {
    const keep = new Set(record.writeIfBlank ?? []);
    for (const [name, value] of Object.entries(record.values)) {
      const existing = name in properties ? properties[name] : current[name];
      if (keep.has(name) && !isBlank(existing)) continue;
      properties[name] = propertyValue(value);
    }
  }

  return properties;
}
