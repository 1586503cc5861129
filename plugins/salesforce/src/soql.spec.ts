import { isSoqlIdentifier, soqlString } from './soql';

describe('soqlString', () => {
  it.each([
    ['a+b@example.com', "'a+b@example.com'"],
    ["o'brien@example.com", "'o\\'brien@example.com'"],
    ['back\\slash', "'back\\\\slash'"],
    ['line\nbreak', "'line\\nbreak'"],
  ])('quotes %j as %s', (value, literal) => {
    expect(soqlString(value)).toBe(literal);
  });
});

describe('isSoqlIdentifier', () => {
  it('accepts API names and rejects anything that could change the query', () => {
    expect(isSoqlIdentifier('Custom_Field__c')).toBe(true);
    expect(isSoqlIdentifier('Email, Id')).toBe(false);
    expect(isSoqlIdentifier("Email'")).toBe(false);
  });
});
