import type { RemoteField } from '@libs/connector-sdk';
import type { LeadValue } from '@libs/leads';
import { ValueFormat } from './mapping-row.entity';
import {
  countryCode,
  firstEmail,
  renderTemplate,
  rowValue,
  templatePaths,
  toE164,
  truncateTo,
  type RowValueSpec,
} from './transforms';

function spec(fields: Partial<RowValueSpec>): RowValueSpec {
  return {
    source: null,
    constant: null,
    template: null,
    valueMap: null,
    format: null,
    truncate: false,
    ...fields,
  };
}

function field(name: string, length?: number): RemoteField {
  return {
    name,
    label: name,
    type: 'string',
    vendorType: 'string',
    ...(length ? { length } : {}),
    required: false,
    readOnly: false,
    unique: false,
    externalId: false,
  };
}

const ada: Record<string, LeadValue> = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  jobTitle: null,
  rating: 'Hot',
  phone: '(850) 644-4200',
  email: 'ada@example.com',
  'address.country': 'USA',
  notes: 'x'.repeat(50),
};

describe('renderTemplate', () => {
  it('fills placeholders with lead fields', () => {
    expect(renderTemplate('{{firstName}} {{lastName}}', ada)).toBe('Ada Lovelace');
  });

  it('leaves no double or edge spaces where a field is blank', () => {
    expect(renderTemplate('{{ jobTitle }} {{firstName}}  at {{company.name}}', ada)).toBe('Ada at');
  });

  it('lists the paths it reads', () => {
    expect(templatePaths('{{firstName}} {{ company.name }}')).toEqual([
      'firstName',
      'company.name',
    ]);
  });
});

describe('toE164', () => {
  it('normalises an international number', () => {
    expect(toE164('+44 20 7946 0958')).toBe('+442079460958');
  });

  it('reads a national number in the lead country', () => {
    expect(toE164('(850) 644-4200', 'US')).toBe('+18506444200');
  });

  it('gives up on text that is no phone number', () => {
    expect(toE164('call me maybe', 'US')).toBeUndefined();
  });
});

describe('countryCode', () => {
  it('understands codes, English names and common abbreviations', () => {
    expect(countryCode('us')).toBe('US');
    expect(countryCode('Taiwan')).toBe('TW');
    expect(countryCode('USA')).toBe('US');
    expect(countryCode('Atlantis')).toBeUndefined();
  });
});

describe('firstEmail', () => {
  it('takes the first valid address of a list', () => {
    expect(firstEmail('not-an-email; ada@example.com, ada@work.example')).toBe('ada@example.com');
    expect(firstEmail('Ada <ada@example.com>')).toBe('ada@example.com');
  });

  it('finds nothing in a list without a valid address', () => {
    expect(firstEmail('nobody, at all')).toBeUndefined();
  });
});

describe('truncateTo', () => {
  it('cuts to the length without splitting a surrogate pair', () => {
    expect(truncateTo('abcdef', 4)).toBe('abcd');
    expect(truncateTo('ab😀', 3)).toBe('ab');
    expect(truncateTo('abc', 10)).toBe('abc');
  });
});

describe('rowValue', () => {
  it('reads a Mobly field, a constant or a template', () => {
    expect(rowValue(spec({ source: 'firstName' }), ada)).toBe('Ada');
    expect(rowValue(spec({ constant: 'Trade show' }), ada)).toBe('Trade show');
    expect(rowValue(spec({ template: '{{lastName}}, {{firstName}}' }), ada)).toBe('Lovelace, Ada');
  });

  it('writes nothing for a blank field', () => {
    expect(rowValue(spec({ source: 'jobTitle' }), ada)).toBeNull();
  });

  it('translates values through the value map and passes others unchanged', () => {
    const map = { Hot: 'A', Cold: 'C' };

    expect(rowValue(spec({ source: 'rating', valueMap: map }), ada)).toBe('A');
    expect(rowValue(spec({ source: 'rating', valueMap: map }), { rating: 'Warm' })).toBe('Warm');
    expect(rowValue(spec({ source: 'rating', valueMap: { Hot: '' } }), ada)).toBeNull();
    expect(rowValue(spec({ source: 'rating', valueMap: {} }), { rating: 'constructor' })).toBe(
      'constructor',
    );
  });

  it('normalises phone numbers to E.164 in the lead country, keeping unparseable ones', () => {
    expect(rowValue(spec({ source: 'phone', format: ValueFormat.E164 }), ada)).toBe('+18506444200');
    expect(
      rowValue(spec({ source: 'phone', format: ValueFormat.E164 }), { phone: 'ext. 12' }),
    ).toBe('ext. 12');
  });

  it('keeps the first valid email of a list', () => {
    const lead = { email: 'ada@example.com; ada@work.example' };

    expect(rowValue(spec({ source: 'email', format: ValueFormat.FirstEmail }), lead)).toBe(
      'ada@example.com',
    );
  });

  it('truncates to the remote length only when the row opts in', () => {
    const notes = field('Description', 20);

    expect(rowValue(spec({ source: 'notes', truncate: true }), ada, notes)).toBe('x'.repeat(20));
    expect(rowValue(spec({ source: 'notes' }), ada, notes)).toBe('x'.repeat(50));
  });
});
