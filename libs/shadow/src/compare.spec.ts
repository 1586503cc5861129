import { normalisedError } from '@libs/connector-sdk';
import { compareLead, fieldDifferences } from './compare';
import { ShadowOutcome } from './shadow-result.entity';

const written = {
  object: 'Lead',
  values: { LastName: 'Boxer', Company: 'Farmers Coop', Title: 'Director' },
};
const legacy = { state: 'cleared', written, remoteIds: { Lead: '00Q000000000001AAA' } };

describe('fieldDifferences', () => {
  it('names each field written differently, with null where a side writes nothing', () => {
    expect(fieldDifferences({ A: 'x', B: 1, C: true }, { A: 'x', B: 2, D: 'new' })).toEqual([
      { field: 'B', legacy: 1, new: 2 },
      { field: 'C', legacy: true, new: null },
      { field: 'D', legacy: null, new: 'new' },
    ]);
  });
});

describe('compareLead', () => {
  it('finds a lead identical when the values, object and record are the same', () => {
    const result = compareLead(legacy, {
      object: 'Lead',
      values: { ...written.values },
      match: {
        key: 'k',
        ok: true,
        object: 'Lead',
        matchedBy: 'remote_id',
        remoteId: '00Q000000000001AAA',
      },
    });

    expect(result).toMatchObject({
      outcome: ShadowOutcome.Identical,
      differences: [],
      legacyObject: 'Lead',
      newRemoteId: '00Q000000000001AAA',
      wouldDuplicate: false,
    });
  });

  it('reports another object, and a create where legacy wrote a record as a duplicate', () => {
    const result = compareLead(legacy, {
      object: 'Contact',
      values: { ...written.values },
      match: { key: 'k', ok: true, object: 'Contact', matchedBy: 'none' },
    });

    expect(result).toMatchObject({
      outcome: ShadowOutcome.Differs,
      legacyObject: 'Lead',
      legacyRemoteId: '00Q000000000001AAA',
      newRemoteId: null,
      matchedBy: 'none',
      wouldDuplicate: true,
    });
  });

  it('reports another matched record even when the values agree', () => {
    const result = compareLead(legacy, {
      object: 'Lead',
      values: { ...written.values },
      match: {
        key: 'k',
        ok: true,
        object: 'Lead',
        matchedBy: 'email',
        remoteId: '00Q000000000002AAA',
      },
    });

    expect(result.outcome).toBe(ShadowOutcome.Differs);
    expect(result.differences).toEqual([]);
  });

  it('makes a pre-flight refusal a would-fail, keeping the field differences', () => {
    const refused = normalisedError({
      category: 'DATA_VALUE_VALIDATION',
      vendorCode: 'STRING_TOO_LONG',
      vendorMessage: 'Title: too long',
      field: 'Title',
    });
    const result = compareLead(legacy, {
      object: 'Lead',
      values: { ...written.values, Title: 'T'.repeat(300) },
      refused,
    });

    expect(result.outcome).toBe(ShadowOutcome.WouldFail);
    expect(result.failure).toBe(refused);
    expect(result.differences.map((difference) => difference.field)).toEqual(['Title']);
  });

  it('compares a lead legacy never wrote against nothing', () => {
    const result = compareLead(
      { state: 'failed', written: null, remoteIds: {} },
      {
        object: 'Lead',
        values: { LastName: 'Boxer' },
        match: { key: 'k', ok: true, object: 'Lead', matchedBy: 'none' },
      },
    );

    expect(result).toMatchObject({
      outcome: ShadowOutcome.Differs,
      legacyObject: null,
      wouldDuplicate: false,
      differences: [{ field: 'LastName', legacy: null, new: 'Boxer' }],
    });
  });
});
