import type { RemoteField } from '@libs/connector-sdk';
import { Lead } from '@libs/leads';
import { MappingBehaviour, MappingRow } from '@libs/mappings';
import { mapLead, payloadHash } from './payload';

function row(source: string, target: string, behaviour = MappingBehaviour.Overwrite): MappingRow {
  return Object.assign(new MappingRow(), { source, target, behaviour, object: 'Lead' });
}

function lead(fields: Partial<Lead>): Lead {
  return Object.assign(new Lead(), fields);
}

describe('mapLead', () => {
  const rows = [
    row('firstName', 'FirstName'),
    row('lastName', 'LastName'),
    row('company.name', 'Company'),
    row('jobTitle', 'Title', MappingBehaviour.WriteIfBlank),
    row('annualRevenue', 'AnnualRevenue'),
  ];

  it('writes each mapped field to its remote field and leaves blanks out', () => {
    const mapped = mapLead(
      lead({
        firstName: 'Ada',
        lastName: 'Lovelace',
        jobTitle: '',
        annualRevenue: 1200,
        company: { name: 'Analytical' },
      }),
      rows,
    );

    expect(mapped.values).toEqual({
      FirstName: 'Ada',
      LastName: 'Lovelace',
      Company: 'Analytical',
      AnnualRevenue: 1200,
    });
    expect(mapped.writeIfBlank).toEqual([]);
  });

  it('lists the write-if-blank fields that carry a value', () => {
    const mapped = mapLead(lead({ lastName: 'Lovelace', jobTitle: 'Countess' }), rows);

    expect(mapped.writeIfBlank).toEqual(['Title']);
  });
});

describe('mapLead with transforms', () => {
  const description: RemoteField = {
    name: 'Description',
    label: 'Description',
    type: 'textarea',
    vendorType: 'textarea',
    length: 12,
    required: false,
    readOnly: false,
    unique: false,
    externalId: false,
  };

  it('writes templates, constants and value maps, truncating where the row opts in', () => {
    const mapped = mapLead(
      lead({ firstName: 'Ada', lastName: 'Lovelace', rating: 'Hot' }),
      [
        Object.assign(row('', 'Description'), {
          source: null,
          template: '{{firstName}} {{lastName}}',
          truncate: true,
        }),
        Object.assign(row('', 'LeadSource'), { source: null, constant: 'Trade show' }),
        Object.assign(row('rating', 'Rating'), { valueMap: { Hot: 'A' } }),
      ],
      new Map([[description.name, description]]),
    );

    expect(mapped.values).toEqual({
      Description: 'Ada Lovelace',
      LeadSource: 'Trade show',
      Rating: 'A',
    });
  });
});

describe('payloadHash', () => {
  it('does not depend on key order', () => {
    expect(payloadHash('Lead', { A: 1, B: 'x' }, [])).toBe(
      payloadHash('Lead', { B: 'x', A: 1 }, []),
    );
  });

  it('changes when a value, the object or the write behaviour changes', () => {
    const base = payloadHash('Lead', { A: 1 }, []);

    expect(payloadHash('Lead', { A: 2 }, [])).not.toBe(base);
    expect(payloadHash('Contact', { A: 1 }, [])).not.toBe(base);
    expect(payloadHash('Lead', { A: 1 }, ['A'])).not.toBe(base);
  });
});
