import { recommendedMappings, RECOMMENDED_MAPPINGS_VERSION } from './recommended-mappings';

describe('recommendedMappings', () => {
  it('maps the Mobly lead fields onto standard Marketo lead fields', () => {
    const mappings = recommendedMappings('leads');

    expect(mappings?.version).toBe(RECOMMENDED_MAPPINGS_VERSION);
    expect(Object.fromEntries(mappings?.rows.map((row) => [row.source, row.target]) ?? [])).toEqual(
      {
        firstName: 'firstName',
        lastName: 'lastName',
        email: 'email',
        jobTitle: 'title',
        phone: 'phone',
        mobilePhone: 'mobilePhone',
        'company.name': 'company',
        'company.industry': 'industry',
        'company.website': 'website',
        'address.street': 'address',
        'address.city': 'city',
        'address.state': 'state',
        'address.postalCode': 'postalCode',
        'address.country': 'country',
        rating: 'rating',
        leadSource: 'leadSource',
        annualRevenue: 'annualRevenue',
        employees: 'numberOfEmployees',
        notes: 'mktoPersonNotes',
      },
    );
  });

  it('keeps the first lead source and leaves linkedinUrl unmapped', () => {
    const rows = recommendedMappings('leads')?.rows ?? [];

    expect(rows.find((row) => row.target === 'leadSource')?.behaviour).toBe('write_if_blank');
    expect(rows.find((row) => row.source === 'linkedinUrl')).toBeUndefined();
  });

  it('offers nothing for other objects and hands out copies', () => {
    const first = recommendedMappings('leads');
    if (first) first.rows[0].target = 'changed';

    expect(recommendedMappings('programs')).toBeUndefined();
    expect(recommendedMappings('leads')?.rows[0].target).toBe('firstName');
  });
});
