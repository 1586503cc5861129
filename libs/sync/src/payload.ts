import { createHash } from 'node:crypto';
import type { NormalisedError, RemoteField, UpsertRecord } from '@libs/connector-sdk';
import { leadValues, type Lead } from '@libs/leads';
import { MappingBehaviour, rowValue, type MappingRow } from '@libs/mappings';
import { tagValues, type TagPlan } from '@libs/qualifiers';

export type RemoteValues = UpsertRecord['values'];

/**
 * Applies a connection's mapping rows to a lead: remote field → value after the rows' transforms,
 * blanks left out. `fields` (the cached remote schema) gives the lengths truncation cuts to.
 * `tags` adds the qualifier answers; an answer without a mapping makes the lead `untagged`.
 */
export function mapLead(
  lead: Lead,
  rows: MappingRow[],
  fields: ReadonlyMap<string, RemoteField> = new Map(),
  tags?: TagPlan,
): { values: RemoteValues; writeIfBlank: string[]; untagged?: NormalisedError } {
  const source = leadValues(lead);
  const values: RemoteValues = {};
  const writeIfBlank: string[] = [];
  for (const row of rows) {
    const value = rowValue(row, source, fields.get(row.target));
    if (value === null) continue;
    values[row.target] = value;
    if (row.behaviour === MappingBehaviour.WriteIfBlank) writeIfBlank.push(row.target);
  }
  const tagged = tags ? tagValues(lead.answers, tags) : { values: {} };
  if ('error' in tagged) return { values, writeIfBlank, untagged: tagged.error };

  return { values: { ...values, ...tagged.values }, writeIfBlank };
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
