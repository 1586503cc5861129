import type { RemoteField } from '@libs/connector-sdk';
import { DomainError } from '@libs/core';
import { MappingBehaviour, MappingRow } from '@libs/mappings';
import {
  DraftRowStatus,
  ifMatchTag,
  reviewObject,
  reviewTag,
  rowChanges,
} from './mapping-draft-review';
import type { DraftRow } from './mapping-draft.entity';

function field(name: string, patch: Partial<RemoteField> = {}): RemoteField {
  return {
    name,
    label: name,
    type: 'string',
    vendorType: 'string',
    required: false,
    readOnly: false,
    ...patch,
  } as RemoteField;
}

function live(target: string, patch: Partial<MappingRow> = {}): MappingRow {
  return Object.assign(new MappingRow(), {
    id: `row-${target}`,
    object: 'Lead',
    source: null,
    constant: null,
    template: null,
    valueMap: null,
    format: null,
    truncate: false,
    target,
    behaviour: MappingBehaviour.Overwrite,
    version: 1,
    ...patch,
  });
}

const draftRow = (target: string, source: string): DraftRow => ({
  object: 'Lead',
  legacyObject: 'Lead',
  source,
  target,
});

describe('rowChanges', () => {
  it('names what the live row writes differently from the plain legacy row', () => {
    const row = draftRow('Title', 'jobTitle');

    expect(rowChanges(row, live('Title', { source: 'jobTitle' }))).toEqual([]);
    expect(rowChanges(row, live('Title', { source: 'notes' }))).toEqual(['source']);
    expect(
      rowChanges(
        row,
        live('Title', {
          source: 'jobTitle',
          valueMap: { CTO: 'Chief Technology Officer' },
          truncate: true,
          behaviour: MappingBehaviour.WriteIfBlank,
        }),
      ),
    ).toEqual(['valueMap', 'truncate', 'behaviour']);
    expect(rowChanges(row, live('Title', { constant: 'Buyer' }))).toEqual(['source', 'constant']);
  });
});

describe('reviewObject', () => {
  const fields = new Map(
    [
      field('LastName', { required: true }),
      field('Email', { type: 'email' }),
      field('Title'),
      field('Company', { required: true }),
      field('AnnualRevenue', { type: 'number' }),
    ].map((candidate) => [candidate.name, candidate]),
  );

  it('sorts the draft rows into added, changed and unchanged, with the schema flags', () => {
    const review = reviewObject(
      'Lead',
      'Lead',
      [
        draftRow('LastName', 'lastName'),
        draftRow('Title', 'jobTitle'),
        draftRow('Badge__c', 'notes'),
        draftRow('AnnualRevenue', 'company.name'),
      ],
      [
        live('LastName', { source: 'lastName' }),
        live('Title', { source: 'notes' }),
        live('Email', { source: 'email' }),
      ],
      fields,
    );

    expect(review.rows.map((row) => [row.row.target, row.status])).toEqual([
      ['LastName', DraftRowStatus.Unchanged],
      ['Title', DraftRowStatus.Changed],
      ['Badge__c', DraftRowStatus.Added],
      ['AnnualRevenue', DraftRowStatus.Added],
    ]);
    expect(review.rows[1].current?.source).toBe('notes');
    expect(review.rows[2].problems.map((problem) => problem.code)).toEqual([
      'MISSING_REMOTE_FIELD',
    ]);
    expect(review.rows[3].problems.map((problem) => problem.code)).toEqual(['TYPE_MISMATCH']);
    expect(review.notInDraft.map((row) => row.target)).toEqual(['Email']);
    // Company is required and neither the draft nor the rows it leaves write it.
    expect(review.problems.map((problem) => [problem.code, problem.field])).toEqual([
      ['REQUIRED_FIELD_UNMAPPED', 'Company'],
    ]);
  });
});

describe('reviewTag', () => {
  const draft = { id: 'draft-1', version: 1 };
  const rows = [live('LastName'), live('Email')];

  it('stays while nothing changes, whatever the row order', () => {
    expect(reviewTag(draft, rows)).toBe(reviewTag(draft, [...rows].reverse()));
    expect(reviewTag(draft, rows)).toMatch(/^"[0-9a-f]{20}"$/);
  });

  it('changes with a live row edited, added or removed, or the draft imported again', () => {
    const tag = reviewTag(draft, rows);

    expect(reviewTag(draft, [live('LastName', { version: 2 }), live('Email')])).not.toBe(tag);
    expect(reviewTag(draft, [...rows, live('Title')])).not.toBe(tag);
    expect(reviewTag(draft, [rows[0]])).not.toBe(tag);
    expect(reviewTag({ id: 'draft-2', version: 1 }, rows)).not.toBe(tag);
  });
});

describe('ifMatchTag', () => {
  it('reads a quoted, weak or bare tag, and nothing from an empty header', () => {
    expect(ifMatchTag('"4be1f0"')).toBe('"4be1f0"');
    expect(ifMatchTag('W/"4be1f0"')).toBe('"4be1f0"');
    expect(ifMatchTag('4be1f0')).toBe('"4be1f0"');
    expect(ifMatchTag(undefined)).toBeUndefined();
    expect(ifMatchTag('  ')).toBeUndefined();
  });

  it('refuses anything else, naming the field', () => {
    expect(() => ifMatchTag('yesterday', 'etag')).toThrow(DomainError);
    try {
      ifMatchTag('*');
    } catch (error) {
      expect((error as DomainError).extensions.errors).toEqual([
        { field: 'If-Match', message: 'must be the ETag of the draft as read' },
      ]);
    }
    expect.assertions(2);
  });
});
