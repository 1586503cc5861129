import { normaliseDescribe, normaliseField, type DescribeFieldInput } from './describe';

function field(overrides: Partial<DescribeFieldInput>): DescribeFieldInput {
  return {
    name: 'Field',
    label: 'Field',
    type: 'string',
    length: 0,
    createable: true,
    updateable: true,
    nillable: true,
    defaultedOnCreate: false,
    restrictedPicklist: false,
    picklistValues: [],
    unique: false,
    externalId: false,
    ...overrides,
  };
}

describe('normaliseField', () => {
  it.each([
    ['id', 'id'],
    ['string', 'string'],
    ['textarea', 'textarea'],
    ['email', 'email'],
    ['phone', 'phone'],
    ['url', 'url'],
    ['picklist', 'picklist'],
    ['combobox', 'picklist'],
    ['multipicklist', 'multipicklist'],
    ['boolean', 'boolean'],
    ['double', 'number'],
    ['currency', 'number'],
    ['percent', 'number'],
    ['int', 'number'],
    ['date', 'date'],
    ['datetime', 'datetime'],
    ['reference', 'reference'],
    ['address', 'other'],
    ['location', 'other'],
  ])('maps Salesforce type %s to %s and keeps the vendor type', (vendorType, type) => {
    expect(normaliseField(field({ type: vendorType }))).toMatchObject({ type, vendorType });
  });

  it('requires createable, non-nillable fields that are not defaulted on create', () => {
    expect(normaliseField(field({ nillable: false })).required).toBe(true);
    expect(normaliseField(field({ nillable: false, defaultedOnCreate: true })).required).toBe(
      false,
    );
    expect(normaliseField(field({ nillable: false, createable: false })).required).toBe(false);
    expect(normaliseField(field({ nillable: true })).required).toBe(false);
  });

  it('marks fields read-only only when neither createable nor updateable', () => {
    expect(normaliseField(field({ createable: false, updateable: false })).readOnly).toBe(true);
    expect(normaliseField(field({ createable: true, updateable: false })).readOnly).toBe(false);
    expect(normaliseField(field({ createable: false, updateable: true })).readOnly).toBe(false);
  });

  it('keeps length, uniqueness, external id and picklist options', () => {
    const normalised = normaliseField(
      field({
        name: 'CleanStatus',
        label: 'Clean Status',
        type: 'picklist',
        length: 40,
        unique: true,
        externalId: true,
        restrictedPicklist: true,
        picklistValues: [
          { active: true, defaultValue: false, label: 'Matched', value: 'Matched' },
          { active: false, defaultValue: false, label: null, value: 'Legacy' },
        ],
      }),
    );

    expect(normalised).toEqual({
      name: 'CleanStatus',
      label: 'Clean Status',
      type: 'picklist',
      vendorType: 'picklist',
      length: 40,
      required: false,
      readOnly: false,
      unique: true,
      externalId: true,
      picklist: {
        restricted: true,
        options: [
          { value: 'Matched', label: 'Matched', active: true },
          { value: 'Legacy', label: 'Legacy', active: false },
        ],
      },
    });
  });

  it('omits a zero length and the picklist of non-picklist fields', () => {
    const normalised = normaliseField(field({ type: 'boolean', length: 0 }));

    expect(normalised).not.toHaveProperty('length');
    expect(normalised).not.toHaveProperty('picklist');
  });
});

describe('normaliseDescribe', () => {
  it('drops deprecated and hidden fields', () => {
    const schema = normaliseDescribe('Lead', {
      fields: [
        { ...field({ name: 'Kept' }), deprecatedAndHidden: false },
        { ...field({ name: 'Hidden' }), deprecatedAndHidden: true },
      ],
    });

    expect(schema).toMatchObject({ object: 'Lead', fields: [{ name: 'Kept' }] });
  });
});
