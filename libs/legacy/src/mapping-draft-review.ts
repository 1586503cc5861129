import { createHash } from 'node:crypto';
import type { RemoteField } from '@libs/connector-sdk';
import { DomainError } from '@libs/core';
import {
  MappingBehaviour,
  MappingRow,
  requiredUnmapped,
  rowProblems,
  type MappingProblem,
} from '@libs/mappings';
import type { DraftRow } from './mapping-draft.entity';

/** How a draft row compares with the live mapping. */
export enum DraftRowStatus {
  /** No live row writes its remote field. */
  Added = 'added',
  /** A live row writes its remote field, otherwise. */
  Changed = 'changed',
  /** The live row writes the same. */
  Unchanged = 'unchanged',
}

/** The properties of a live row that applying the draft row would change. */
export type RowChange =
  'source' | 'constant' | 'template' | 'valueMap' | 'format' | 'truncate' | 'behaviour';

export interface ReviewedRow {
  row: DraftRow;
  status: DraftRowStatus;
  changes: RowChange[];
  current: MappingRow | null;
  /** What stops the row from working against the cached remote schema, as mapping rows show. */
  problems: MappingProblem[];
}

export interface ReviewedObject {
  object: string;
  legacyObject: string;
  rows: ReviewedRow[];
  /** Live rows of the object the draft has no row for: applying leaves them as they are. */
  notInDraft: MappingRow[];
  /** Required remote fields that neither the draft nor the rows it leaves alone write. */
  problems: MappingProblem[];
}

/** A draft row as an unsaved mapping row, for the schema checks mapping rows go through. */
export function asMappingRow(row: DraftRow): MappingRow {
  return Object.assign(new MappingRow(), {
    object: row.object,
    source: row.source,
    constant: null,
    template: null,
    valueMap: null,
    format: null,
    truncate: false,
    target: row.target,
    behaviour: MappingBehaviour.Overwrite,
  });
}

/** What the live row writes differently from the draft row (a legacy panel row is plain). */
export function rowChanges(draft: DraftRow, current: MappingRow): RowChange[] {
  const changes: RowChange[] = [];
  if ((current.source ?? null) !== draft.source) changes.push('source');
  if (current.constant !== null && current.constant !== undefined) changes.push('constant');
  if (current.template !== null && current.template !== undefined) changes.push('template');
  if (current.valueMap && Object.keys(current.valueMap).length > 0) changes.push('valueMap');
  if (current.format) changes.push('format');
  if (current.truncate) changes.push('truncate');
  if (current.behaviour !== MappingBehaviour.Overwrite) changes.push('behaviour');

  return changes;
}

/** One object's draft rows against its live rows and the cached remote schema. */
export function reviewObject(
  legacyObject: string,
  object: string,
  draft: DraftRow[],
  live: MappingRow[],
  fields: ReadonlyMap<string, RemoteField>,
): ReviewedObject {
  const byTarget = new Map(live.map((row) => [row.target, row]));
  const rows = draft.map((row): ReviewedRow => {
    const current = byTarget.get(row.target) ?? null;
    const changes = current ? rowChanges(row, current) : [];
    const status = !current
      ? DraftRowStatus.Added
      : changes.length > 0
        ? DraftRowStatus.Changed
        : DraftRowStatus.Unchanged;

    return { row, status, changes, current, problems: rowProblems(asMappingRow(row), fields) };
  });
  const drafted = new Set(draft.map((row) => row.target));
  const notInDraft = live.filter((row) => !drafted.has(row.target));

  return {
    object,
    legacyObject,
    rows,
    notInDraft,
    problems: requiredUnmapped([...draft.map(asMappingRow), ...notInDraft], fields),
  };
}

/**
 * The entity tag of a review: it changes when the draft is imported again or when any live row
 * of its objects is added, changed or removed, so an apply based on an older review is refused.
 */
export function reviewTag(
  draft: { id: string; version: number },
  live: ReadonlyArray<Pick<MappingRow, 'id' | 'object' | 'version'>>,
): string {
  const rows = live
    .map((row) => `${row.object}/${row.id}/${row.version}`)
    .sort()
    .join(',');
  const digest = createHash('sha256').update(`${draft.id}/${draft.version}|${rows}`).digest('hex');

  return `"${digest.slice(0, 20)}"`;
}

/** The tag an If-Match header (or a body's `etag`) names, quoted; undefined when absent. */
export function ifMatchTag(value: string | undefined, field = 'If-Match'): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const match = /^\s*(?:W\/)?"?([0-9a-f]{1,64})"?\s*$/.exec(value);
  if (!match) {
    throw DomainError.invalid([{ field, message: 'must be the ETag of the draft as read' }]);
  }

  return `"${match[1]}"`;
}
