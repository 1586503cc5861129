import { recommendedMappings, RECOMMENDED_MAPPINGS_VERSION } from './recommended-mappings';

describe('recommendedMappings', () => {
  it('maps every Mobly lead field with a standard Lead field', () => {
    const mappings = recommendedMappings('Lead');

    expect(mappings?.version).toBe(RECOMMENDED_MAPPINGS_VERSION);
    expect(Object.fromEntries(mappings?.rows.map((row) => [row.source, row.target]) ?? [])).toEqual(
      {
        firstName: 'FirstName',
        lastName: 'LastName',
        email: 'Email',
        jobTitle: 'Title',
        phone: 'Phone',
        mobilePhone: 'MobilePhone',
        'company.name': 'Company',
        'company.industry': 'Industry',
        'company.website': 'Website',
        'address.street': 'Street',
        'address.city': 'City',
        'address.state': 'State',
        'address.postalCode': 'PostalCode',
        'address.country': 'Country',
        rating: 'Rating',
        leadSource: 'LeadSource',
        annualRevenue: 'AnnualRevenue',
        employees: 'NumberOfEmployees',
        notes: 'Description',
      },
    );
  });

  it('leaves linkedinUrl unmapped and keeps the first lead source', () => {
    const rows = recommendedMappings('Lead')?.rows ?? [];

    expect(rows.find((row) => row.source === 'linkedinUrl')).toBeUndefined();
    expect(rows.find((row) => row.target === 'LeadSource')?.behaviour).toBe('write_if_blank');
  });

  it('offers Contact and Account defaults and none for Campaign', () => {
    expect(recommendedMappings('Contact')?.rows).toContainEqual({
      source: 'address.city',
      target: 'MailingCity',
      behaviour: 'overwrite',
    });
    expect(recommendedMappings('Account')?.rows).toContainEqual({
      source: 'company.name',
      target: 'Name',
      behaviour: 'write_if_blank',
    });
    expect(recommendedMappings('Campaign')).toBeUndefined();
  });

  it('hands out copies', () => {
    const first = recommendedMappings('Lead');
    if (first) first.rows[0].target = 'Changed';

    expect(recommendedMappings('Lead')?.rows[0].target).toBe('FirstName');
  });
});
