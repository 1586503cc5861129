import { accountValues, plannedWrites, websiteDomain } from './strategies';

describe('websiteDomain', () => {
  it('reads the host of a website, without www. and in lower case', () => {
    expect(websiteDomain('https://www.Acme.example/about')).toBe('acme.example');
    expect(websiteDomain('acme.example')).toBe('acme.example');
    expect(websiteDomain('http://shop.acme.example:8080')).toBe('shop.acme.example');
  });

  it('gives nothing for what has no domain', () => {
    expect(websiteDomain('')).toBeUndefined();
    expect(websiteDomain('localhost')).toBeUndefined();
    expect(websiteDomain('not a website')).toBeUndefined();
    expect(websiteDomain(42)).toBeUndefined();
  });
});

describe('accountValues', () => {
  it('takes the values mapped for the Account when the host sent them', () => {
    const record = {
      key: '1',
      values: { Company: 'Acme Inc', Website: 'lead.example' },
      related: { Account: { Name: 'Acme', Website: 'acme.example', Industry: null } },
    };

    expect(accountValues(record)).toEqual({ Name: 'Acme', Website: 'acme.example' });
  });

  it("falls back to the Lead's Company and Website, and names a mapped Account by its Company", () => {
    expect(
      accountValues({ key: '1', values: { Company: 'Acme', Website: 'acme.example' } }),
    ).toEqual({ Name: 'Acme', Website: 'acme.example' });
    expect(
      accountValues({
        key: '1',
        values: { Company: 'Acme' },
        related: { Account: { Website: 'acme.example' } },
      }),
    ).toEqual({ Name: 'Acme', Website: 'acme.example' });
    expect(accountValues({ key: '1', values: {} })).toEqual({});
  });
});

describe('plannedWrites', () => {
  const record = {
    key: 'k1',
    values: { LastName: 'Lovelace', Company: 'Analytical Engines', Title: 'Countess' },
  };

  it('names the Contact and the Account an "Accounts and Contacts" Lead is written as', () => {
    expect(plannedWrites('accounts_and_contacts', 'Lead', record)).toEqual([
      { object: 'Contact', values: { LastName: 'Lovelace', Title: 'Countess' } },
      { object: 'Account', values: { Name: 'Analytical Engines' } },
    ]);
  });

  it('names no Account for a record without a company name', () => {
    const alone = { key: 'k2', values: { LastName: 'Byron' } };
    expect(plannedWrites('accounts_and_contacts', 'Lead', alone)).toEqual([
      { object: 'Contact', values: { LastName: 'Byron' } },
    ]);
  });

  it('names nothing more for the other strategies or other objects', () => {
    expect(plannedWrites('leads_only', 'Lead', record)).toEqual([]);
    expect(plannedWrites('leads_and_contacts', 'Lead', record)).toEqual([]);
    expect(plannedWrites('accounts_and_contacts', 'Contact', record)).toEqual([]);
  });
});
