import type { RecommendedMappingRow } from '@libs/connector-sdk';
import { diffRecommendations, type MappedPair } from './drift';

const rec = (
  source: string,
  target: string,
  behaviour: RecommendedMappingRow['behaviour'] = 'overwrite',
): RecommendedMappingRow => ({ source, target, behaviour });
const row = (source: string, target: string, behaviour = 'overwrite'): MappedPair => ({
  source,
  target,
  behaviour,
});

describe('diffRecommendations', () => {
  const applied = [rec('firstName', 'FirstName'), rec('notes', 'Title'), rec('phone', 'Fax')];
  const current = [
    rec('firstName', 'FirstName'),
    rec('jobTitle', 'Title'),
    rec('mobilePhone', 'MobilePhone'),
  ];

  it('reports changed, added and removed recommendations', () => {
    const rows = [row('firstName', 'FirstName'), row('notes', 'Title'), row('phone', 'Fax')];

    expect(diffRecommendations(applied, current, rows)).toEqual([
      {
        kind: 'removed',
        target: 'Fax',
        applied: rec('phone', 'Fax'),
        row: rows[2],
        customised: false,
      },
      {
        kind: 'added',
        target: 'MobilePhone',
        recommended: rec('mobilePhone', 'MobilePhone'),
        customised: false,
      },
      {
        kind: 'changed',
        target: 'Title',
        applied: rec('notes', 'Title'),
        recommended: rec('jobTitle', 'Title'),
        row: rows[1],
        customised: false,
      },
    ]);
  });

  it('says when the admin edited a row the upgrade would overwrite', () => {
    const rows = [row('firstName', 'FirstName'), row('linkedinUrl', 'Title')];
    const title = diffRecommendations(applied, current, rows).find((c) => c.target === 'Title');

    expect(title).toMatchObject({ kind: 'changed', customised: true });
  });

  it('skips what the rows already match and dropped rows already removed', () => {
    const rows = [row('firstName', 'FirstName'), row('jobTitle', 'Title')];

    expect(diffRecommendations(applied, current, rows).map((c) => c.target)).toEqual([
      'MobilePhone',
    ]);
  });

  it('reports a changed write behaviour', () => {
    expect(
      diffRecommendations(
        [rec('leadSource', 'LeadSource')],
        [rec('leadSource', 'LeadSource', 'write_if_blank')],
        [row('leadSource', 'LeadSource')],
      ),
    ).toEqual([expect.objectContaining({ kind: 'changed', target: 'LeadSource' })]);
  });
});
