import { normaliseProperties, normaliseProperty, type PropertyInput } from './describe';

function property(overrides: Partial<PropertyInput>): PropertyInput {
  return {
    name: 'custom',
    label: 'Custom',
    type: 'string',
    fieldType: 'text',
    options: [],
    ...overrides,
  };
}

describe('normaliseProperty', () => {
  it.each<[string, Partial<PropertyInput>, string]>([
    ['text', {}, 'string'],
    ['textarea', { fieldType: 'textarea' }, 'textarea'],
    ['phone number field', { fieldType: 'phonenumber' }, 'phone'],
    ['phone_number type', { type: 'phone_number', fieldType: 'phonenumber' }, 'phone'],
    ['number', { type: 'number', fieldType: 'number' }, 'number'],
    ['date', { type: 'date', fieldType: 'date' }, 'date'],
    ['datetime', { type: 'datetime', fieldType: 'date' }, 'datetime'],
    ['bool', { type: 'bool', fieldType: 'booleancheckbox' }, 'boolean'],
    ['boolean checkbox', { type: 'enumeration', fieldType: 'booleancheckbox' }, 'boolean'],
    ['select', { type: 'enumeration', fieldType: 'select' }, 'picklist'],
    ['radio', { type: 'enumeration', fieldType: 'radio' }, 'picklist'],
    ['checkbox', { type: 'enumeration', fieldType: 'checkbox' }, 'multipicklist'],
    ['reference', { type: 'number', referencedObjectType: 'COMPANY' }, 'reference'],
    ['record id', { name: 'hs_object_id', type: 'number' }, 'id'],
    ['unknown type', { type: 'json', fieldType: 'html' }, 'other'],
  ])('maps %s to %s', (_name, overrides, type) => {
    expect(normaliseProperty('companies', property(overrides)).type).toBe(type);
  });

  it('treats read-only and calculated values as read-only', () => {
    expect(
      normaliseProperty('contacts', property({ modificationMetadata: { readOnlyValue: true } }))
        .readOnly,
    ).toBe(true);
    expect(normaliseProperty('contacts', property({ calculated: true })).readOnly).toBe(true);
    expect(normaliseProperty('contacts', property({})).readOnly).toBe(false);
  });

  it('makes the contacts email the unique match key', () => {
    expect(normaliseProperty('contacts', property({ name: 'email' }))).toMatchObject({
      type: 'email',
      unique: true,
      externalId: true,
    });
    expect(normaliseProperty('companies', property({ name: 'email' })).type).toBe('string');
  });

  it('keeps enumeration options as a restricted picklist, hidden ones inactive', () => {
    const field = normaliseProperty(
      'contacts',
      property({
        type: 'enumeration',
        fieldType: 'select',
        options: [
          { label: 'Lead', value: 'lead', hidden: false },
          { label: 'Old', value: 'old', hidden: true },
        ],
      }),
    );

    expect(field.picklist).toEqual({
      restricted: true,
      options: [
        { value: 'lead', label: 'Lead', active: true },
        { value: 'old', label: 'Old', active: false },
      ],
    });
    expect(field.vendorType).toBe('enumeration/select');
  });
});

describe('normaliseProperties', () => {
  it('leaves archived properties out', () => {
    const schema = normaliseProperties('contacts', [
      property({ name: 'kept' }),
      property({ name: 'gone', archived: true }),
    ]);

    expect(schema.fields.map((field) => field.name)).toEqual(['kept']);
  });
});
