import type { SalesforceRecord } from './records';
import { SchemaRegistry } from './schema';
import { parseSoql, runSoql, SoqlError } from './soql';

const schema = new SchemaRegistry();

const leads: SalesforceRecord[] = [
  {
    Id: '00Q5g0000000001EAA',
    LastName: 'Ames',
    Email: 'a_b@example.com',
    AnnualRevenue: 10,
    IsConverted: false,
  },
  {
    Id: '00Q5g0000000002EAA',
    LastName: 'Berg',
    Email: 'back\\slash@example.com',
    AnnualRevenue: 30,
    IsConverted: true,
  },
  {
    Id: '00Q5g0000000003EAA',
    LastName: 'Cole',
    Email: null,
    AnnualRevenue: 20,
    IsConverted: false,
  },
];

function lastNames(soql: string): unknown[] {
  return runSoql(parseSoql(soql, schema), leads).map((record) => record.LastName);
}

function errorOf(soql: string): SoqlError {
  try {
    parseSoql(soql, schema);
  } catch (error) {
    if (error instanceof SoqlError) return error;
    throw error;
  }
  throw new Error('expected a SoqlError');
}

describe('parseSoql / runSoql', () => {
  it('resolves object and field names case-insensitively to their API names', () => {
    const query = parseSoql('select id, EMAIL from lead', schema);

    expect(query.type).toBe('Lead');
    expect(query.fields.map((field) => field.name)).toEqual(['Id', 'Email']);
  });

  it('combines AND, OR, NOT and parentheses', () => {
    expect(
      lastNames(
        "SELECT Id FROM Lead WHERE (LastName = 'ames' OR LastName = 'COLE') AND NOT IsConverted = true",
      ),
    ).toEqual(['Ames', 'Cole']);
  });

  it('compares numbers, sorts and pages with ORDER BY, LIMIT and OFFSET', () => {
    expect(
      lastNames('SELECT Id FROM Lead WHERE AnnualRevenue >= 20 ORDER BY AnnualRevenue DESC'),
    ).toEqual(['Berg', 'Cole']);
    expect(lastNames('SELECT Id FROM Lead ORDER BY LastName ASC LIMIT 1 OFFSET 1')).toEqual([
      'Berg',
    ]);
  });

  it('honours backslash escapes, LIKE wildcards, NOT IN and null', () => {
    expect(lastNames("SELECT Id FROM Lead WHERE Email = 'back\\\\slash@example.com'")).toEqual([
      'Berg',
    ]);
    expect(lastNames("SELECT Id FROM Lead WHERE Email LIKE 'a\\_b%'")).toEqual(['Ames']);
    expect(lastNames("SELECT Id FROM Lead WHERE Email LIKE 'a%'")).toEqual(['Ames']);
    expect(lastNames("SELECT Id FROM Lead WHERE LastName NOT IN ('Ames', 'Berg')")).toEqual([
      'Cole',
    ]);
    expect(lastNames('SELECT Id FROM Lead WHERE Email = null')).toEqual(['Cole']);
  });

  it('compares ids by their 18-character form', () => {
    expect(lastNames("SELECT Id FROM Lead WHERE Id = '00Q5g0000000002'")).toEqual(['Berg']);
  });

  it.each([
    ['SELECT Id FROM Lead WHERE', 'MALFORMED_QUERY', 'unexpected token: <EOF>'],
    ["SELECT Id FROM Lead WHERE Email = 'x\\q'", 'MALFORMED_QUERY', 'Illegal escape sequence'],
    ['SELECT Id FROM Lead WHERE Email = ', 'MALFORMED_QUERY', 'unexpected token'],
    ['SELECT Id, Nope FROM Lead', 'INVALID_FIELD', "No such column 'Nope' on entity 'Lead'"],
    ['SELECT Id FROM Opportunity', 'INVALID_TYPE', "sObject type 'Opportunity' is not supported"],
    ["SELECT Id FROM Lead WHERE IsConverted = 'false'", 'INVALID_FIELD', 'must be of type boolean'],
    ['SELECT Id FROM Lead WHERE Email = 5', 'INVALID_FIELD', 'should be enclosed in quotes'],
  ])('rejects %j with %s', (soql, code, message) => {
    const error = errorOf(soql);

    expect(error.errorCode).toBe(code);
    expect(error.message).toContain(message);
  });

  it('points at the offending column like the API does', () => {
    expect(errorOf('SELECT Id, Nope FROM Lead').message).toBe(
      "\nSELECT Id, Nope FROM Lead\n           ^\nERROR at Row:1:Column:12\nNo such column 'Nope' on entity 'Lead'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
    );
  });
});
