import { compose, normaliseDomain, normaliseEmail, propertyValue } from './values';

describe('propertyValue', () => {
  it('sends strings, numbers and booleans as strings and clears with null', () => {
    expect(propertyValue('a')).toBe('a');
    expect(propertyValue(12.5)).toBe('12.5');
    expect(propertyValue(true)).toBe('true');
    expect(propertyValue(null)).toBe('');
  });
});

describe('normaliseEmail', () => {
  it('trims and lower-cases, and ignores blanks', () => {
    expect(normaliseEmail(' Jane.Doe+expo@Example.COM ')).toBe('jane.doe+expo@example.com');
    expect(normaliseEmail('  ')).toBeUndefined();
    expect(normaliseEmail(42)).toBeUndefined();
  });
});

describe('normaliseDomain', () => {
  it.each([
    ['acme.com', 'acme.com'],
    ['ACME.com', 'acme.com'],
    ['https://www.acme.com/about?x=1', 'acme.com'],
    ['http://shop.acme.co.uk:8080', 'shop.acme.co.uk'],
    ['www.acme.com', 'acme.com'],
  ])('reads %s as %s', (input, domain) => {
    expect(normaliseDomain(input)).toBe(domain);
  });

  it('gives up on values without a host name', () => {
    expect(normaliseDomain('localhost')).toBeUndefined();
    expect(normaliseDomain('not a url')).toBeUndefined();
    expect(normaliseDomain(null)).toBeUndefined();
  });
});

describe('compose', () => {
  it('applies records in order and fills write-if-blank properties only when blank', () => {
    const properties = compose(
      [
        { index: 0, record: { key: 'a', values: { city: 'Lisbon', jobtitle: 'CEO' } } },
        {
          index: 1,
          record: {
            key: 'b',
            values: { city: 'Porto', lifecyclestage: 'lead', phone: null },
            writeIfBlank: ['city', 'lifecyclestage'],
          },
        },
      ],
      { lifecyclestage: 'customer' },
    );

    expect(properties).toEqual({ city: 'Lisbon', jobtitle: 'CEO', phone: '' });
  });
});
