import { createHash } from 'node:crypto';
import type { UpsertRecord } from '@libs/connector-sdk';
import { leadValues, type Lead } from '@libs/leads';
import { MappingBehaviour, type MappingRow } from '@libs/mappings';

export type RemoteValues = UpsertRecord['values'];

/** Applies a connection's mapping rows to a lead: remote field → value, blanks left out. */
export function mapLead(
  lead: Lead,
  rows: MappingRow[],
): { values: RemoteValues; writeIfBlank: string[] } {
  const source = leadValues(lead);
  const values: RemoteValues = {};
  const writeIfBlank: string[] = [];
  for (const row of rows) {
    const value = source[row.source];
    if (value === null || value === undefined || value === '') continue;
    values[row.target] = value;
    if (row.behaviour === MappingBehaviour.WriteIfBlank) writeIfBlank.push(row.target);
  }

  return { values, writeIfBlank };
}

/** Stable hash of what would be written, so an unchanged lead makes no API call. */
export function payloadHash(object: string, values: RemoteValues, writeIfBlank: string[]): string {
  const ordered = Object.keys(values)
    .sort()
    .map((key) => [key, values[key]]);

  return createHash('sha256')
    .update(JSON.stringify([object, ordered, [...writeIfBlank].sort()]))
    .digest('hex');
}
