import type { RemoteField } from '@libs/connector-sdk';
import { QualifierMappingMode } from './qualifier-mapping.entity';
import { QualifierChoice } from './qualifier.entity';
import { qualifierMappingProblems, tagValues, type TagPlan, type TagRule } from './tag-values';

const leadType: TagRule = {
  name: 'Lead Type',
  values: ['Hot', 'Warm', 'Cold'],
  choice: QualifierChoice.Single,
  mapping: {
    target: 'Rating',
    mode: QualifierMappingMode.Options,
    options: { Hot: 'Hot', Warm: 'Warm', Cold: 'Cold' },
  },
};

const interests: TagRule = {
  name: 'Interests',
  values: ['Pricing', 'Demo', 'Integrations'],
  choice: QualifierChoice.Multiple,
  mapping: {
    target: 'Interests__c',
    mode: QualifierMappingMode.Options,
    options: { Pricing: 'Pricing', Demo: 'Product demo' },
  },
};

const notes: TagRule = {
  name: 'Next step',
  values: ['Call', 'Email'],
  choice: QualifierChoice.Multiple,
  mapping: { target: 'Next_Step__c', mode: QualifierMappingMode.Text },
};

function plan(...rules: TagRule[]): TagPlan {
  return { delimiter: ';', rules: new Map(rules.map((rule) => [rule.name, rule])) };
}

function field(name: string, patch: Partial<RemoteField> = {}): RemoteField {
  return {
    name,
    label: name,
    type: 'string',
    vendorType: 'string',
    length: 255,
    required: false,
    readOnly: false,
    unique: false,
    externalId: false,
    ...patch,
  };
}

function picklist(name: string, type: 'picklist' | 'multipicklist', values: string[]) {
  return field(name, {
    type,
    vendorType: type,
    picklist: {
      restricted: true,
      options: values.map((value) => ({ value, label: value, active: true })),
    },
  });
}

describe('tagValues', () => {
  it('writes each answer value as its remote option, several joined by the delimiter', () => {
    const outcome = tagValues(
      { 'Lead Type': ['Hot'], Interests: ['Pricing', 'Demo'], 'Next step': ['Call', 'Email'] },
      plan(leadType, interests, notes),
    );

    expect(outcome).toEqual({
      values: { Rating: 'Hot', Interests__c: 'Pricing;Product demo', Next_Step__c: 'Call;Email' },
    });
  });

  it('uses the connector delimiter and writes an option chosen twice once', () => {
    const mapped = {
      ...interests,
      mapping: { ...interests.mapping!, options: { Pricing: 'P', Demo: 'P' } },
    };
    const outcome = tagValues(
      { Interests: ['Pricing', 'Demo'] },
      { delimiter: ',', rules: new Map([['Interests', mapped]]) },
    );

    expect(outcome).toEqual({ values: { Interests__c: 'P' } });
  });

  it('fails NO_TAG_MAPPING naming the qualifier when it has no mapping on the connection', () => {
    const outcome = tagValues({ 'Lead Type': ['Warm'] }, plan({ ...leadType, mapping: undefined }));

    expect(outcome).toEqual({
      error: expect.objectContaining({
        category: 'NO_TAG_MAPPING',
        vendorCode: 'QUALIFIER_UNMAPPED',
        field: 'Lead Type',
        retryable: false,
      }),
    });
    expect('error' in outcome && outcome.error.vendorMessage).toContain('answer: Warm');
  });

  it('fails NO_TAG_MAPPING naming the value that has no remote option', () => {
    const outcome = tagValues({ Interests: ['Pricing', 'Integrations'] }, plan(interests));

    expect(outcome).toEqual({
      error: expect.objectContaining({ category: 'NO_TAG_MAPPING', field: 'Interests' }),
    });
    expect('error' in outcome && outcome.error.vendorMessage).toBe(
      'Interests: "Integrations" has no remote option on this connection ' +
        '(answer: Pricing, Integrations; checked before sending)',
    );
  });

  it("says when a stored answer is no longer among the qualifier's values", () => {
    const outcome = tagValues({ 'Lead Type': ['Lukewarm'] }, plan(leadType));

    expect('error' in outcome && outcome.error.vendorMessage).toContain(
      `"Lukewarm" is not among the qualifier's values`,
    );
  });

  it('ignores empty answers and questions that are not qualifiers of the org', () => {
    const outcome = tagValues({ 'Lead Type': [' '], 'Favourite colour': ['Blue'] }, plan(leadType));

    expect(outcome).toEqual({ values: {} });
  });
});

describe('qualifierMappingProblems', () => {
  const fields = new Map([
    ['Rating', picklist('Rating', 'picklist', ['Hot', 'Warm', 'Cold'])],
    ['Interests__c', picklist('Interests__c', 'multipicklist', ['Pricing', 'Product demo'])],
    ['Next_Step__c', field('Next_Step__c', { length: 4 })],
    ['NumberOfEmployees', field('NumberOfEmployees', { type: 'number', vendorType: 'int' })],
    ['IsConverted', field('IsConverted', { readOnly: true })],
  ]);

  it('finds nothing wrong with a complete mapping onto allowed options', () => {
    expect(qualifierMappingProblems(leadType, fields)).toEqual([]);
  });

  it('flags values without an option, options the picklist lacks and a missing field', () => {
    const wrong = {
      ...interests,
      mapping: { ...interests.mapping!, options: { Pricing: 'Pricing', Demo: 'Demos' } },
    };
    expect(qualifierMappingProblems(wrong, fields).map((p) => [p.code, p.value])).toEqual([
      ['INVALID_VALUE', 'Demo'],
      ['UNMAPPED_VALUE', 'Integrations'],
    ]);
    const gone = { ...leadType, mapping: { ...leadType.mapping!, target: 'Deleted__c' } };
    expect(qualifierMappingProblems(gone, fields)).toEqual([
      expect.objectContaining({ code: 'MISSING_REMOTE_FIELD', category: 'MISSING_REMOTE_FIELD' }),
    ]);
  });

  it('flags a multiple-choice qualifier on a single-value picklist, a number or read-only field', () => {
    const onPicklist = { ...interests, mapping: { ...interests.mapping!, target: 'Rating' } };
    expect(qualifierMappingProblems(onPicklist, fields)[0]).toEqual(
      expect.objectContaining({ code: 'TYPE_MISMATCH', field: 'Rating' }),
    );
    const onNumber = { ...notes, mapping: { ...notes.mapping!, target: 'NumberOfEmployees' } };
    expect(qualifierMappingProblems(onNumber, fields).map((p) => p.code)).toEqual([
      'TYPE_MISMATCH',
    ]);
    const readOnly = { ...notes, mapping: { ...notes.mapping!, target: 'IsConverted' } };
    expect(qualifierMappingProblems(readOnly, fields).map((p) => p.code)).toEqual([
      'READ_ONLY_FIELD',
    ]);
  });

  it('flags text values longer than a free-text field', () => {
    expect(qualifierMappingProblems(notes, fields)).toEqual([
      expect.objectContaining({ code: 'VALUE_TOO_LONG', value: 'Email' }),
    ]);
  });
});
