import type { RemoteField } from '@libs/connector-sdk';
import { MappingRow } from './mapping-row.entity';
import { preflight, requiredUnmapped, rowProblems } from './schema-checks';

function field(name: string, extra: Partial<RemoteField> = {}): RemoteField {
  return {
    name,
    label: name,
    type: 'string',
    vendorType: 'string',
    required: false,
    readOnly: false,
    unique: false,
    externalId: false,
    ...extra,
  };
}

function row(target: string, fields: Partial<MappingRow>): MappingRow {
  return Object.assign(new MappingRow(), { target, object: 'Lead' }, fields);
}

const schema = new Map(
  [
    field('LastName', { required: true, length: 80 }),
    field('Company', { required: true, length: 10 }),
    field('Email', { type: 'email' }),
    field('NumberOfEmployees', { type: 'number', vendorType: 'int' }),
    field('IsConverted', { type: 'boolean', readOnly: true }),
    field('Rating', {
      type: 'picklist',
      picklist: {
        restricted: true,
        options: [{ value: 'Hot', label: 'Hot', active: true }],
      },
    }),
  ].map((remote) => [remote.name, remote]),
);

describe('rowProblems', () => {
  it('flags a remote field missing from the schema', () => {
    expect(rowProblems(row('Gone__c', { source: 'notes' }), schema)).toEqual([
      expect.objectContaining({ code: 'MISSING_REMOTE_FIELD', category: 'MISSING_REMOTE_FIELD' }),
    ]);
  });

  it('flags read-only fields and type mismatches', () => {
    expect(rowProblems(row('IsConverted', { source: 'firstName' }), schema)).toEqual([
      expect.objectContaining({ code: 'READ_ONLY_FIELD', category: 'PERMISSION_DENIED' }),
      expect.objectContaining({ code: 'TYPE_MISMATCH' }),
    ]);
    expect(rowProblems(row('NumberOfEmployees', { source: 'jobTitle' }), schema)).toEqual([
      expect.objectContaining({ code: 'TYPE_MISMATCH', field: 'NumberOfEmployees' }),
    ]);
    expect(rowProblems(row('Email', { source: 'phone' }), schema)).toHaveLength(1);
  });

  it('accepts compatible fields', () => {
    expect(rowProblems(row('NumberOfEmployees', { source: 'employees' }), schema)).toEqual([]);
    expect(rowProblems(row('Email', { source: 'email' }), schema)).toEqual([]);
    expect(rowProblems(row('LastName', { template: '{{lastName}}' }), schema)).toEqual([]);
  });

  it('flags a constant too long for the field unless the row truncates', () => {
    expect(rowProblems(row('Company', { constant: 'Far too long a name' }), schema)).toEqual([
      expect.objectContaining({ code: 'VALUE_TOO_LONG', category: 'DATA_VALUE_VALIDATION' }),
    ]);
    expect(
      rowProblems(row('Company', { constant: 'Far too long a name', truncate: true }), schema),
    ).toEqual([]);
  });

  it('flags value-map outputs a restricted picklist refuses', () => {
    expect(
      rowProblems(row('Rating', { source: 'rating', valueMap: { A: 'Hot', B: 'Tepid' } }), schema),
    ).toEqual([
      expect.objectContaining({ code: 'INVALID_VALUE', message: expect.stringContaining('Tepid') }),
    ]);
  });
});

describe('requiredUnmapped', () => {
  it('names the required fields no row writes', () => {
    expect(
      requiredUnmapped([row('LastName', { source: 'lastName' })], schema).map((p) => p.field),
    ).toEqual(['Company']);
  });
});

describe('preflight', () => {
  it('fails a value for a field the schema no longer has, naming it', () => {
    expect(preflight({ LastName: 'Lovelace', Gone__c: 'x' }, schema, false)).toMatchObject({
      category: 'MISSING_REMOTE_FIELD',
      field: 'Gone__c',
      retryable: false,
    });
  });

  it('fails values the field cannot hold', () => {
    expect(preflight({ Company: 'C'.repeat(11) }, schema, false)).toMatchObject({
      category: 'DATA_VALUE_VALIDATION',
      vendorCode: 'STRING_TOO_LONG',
      field: 'Company',
      vendorMessage: expect.stringContaining('max length=10'),
    });
    expect(preflight({ NumberOfEmployees: 'many' }, schema, false)).toMatchObject({
      vendorCode: 'INVALID_NUMBER',
    });
    expect(preflight({ Rating: 'hot' }, schema, false)).toBeUndefined();
    expect(preflight({ Rating: 'Tepid' }, schema, false)).toMatchObject({
      vendorCode: 'INVALID_PICKLIST_VALUE',
    });
  });

  it('names the fields of a record written along with another by its object', () => {
    expect(preflight({ Company: 'C'.repeat(11) }, schema, false, 'Account')).toMatchObject({
      category: 'DATA_VALUE_VALIDATION',
      vendorCode: 'STRING_TOO_LONG',
      field: 'Account.Company',
      vendorMessage: expect.stringMatching(/^Account\.Company: 11 characters/),
    });
    expect(preflight({ Gone__c: 'x' }, schema, false, 'Account')).toMatchObject({
      category: 'MISSING_REMOTE_FIELD',
      field: 'Account.Gone__c',
    });
  });

  it('requires the required fields only of a record that will surely be created', () => {
    expect(preflight({ LastName: 'Lovelace' }, schema, false)).toBeUndefined();
    expect(preflight({ LastName: 'Lovelace' }, schema, true)).toMatchObject({
      category: 'REQUIRED_FIELD_MISSING',
      field: 'Company',
    });
  });

  it('reports a missing field before a bad value', () => {
    expect(preflight({ NumberOfEmployees: 'many', Gone__c: 'x' }, schema, false)).toMatchObject({
      category: 'MISSING_REMOTE_FIELD',
    });
  });
});
