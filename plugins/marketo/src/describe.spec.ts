import { normaliseDescribe, normaliseField } from './describe';

const rest = (name: string, readOnly = false) => ({ name, readOnly });

describe('normaliseField', () => {
  it.each([
    ['string', 'string'],
    ['text', 'textarea'],
    ['email', 'email'],
    ['phone', 'phone'],
    ['url', 'url'],
    ['boolean', 'boolean'],
    ['integer', 'number'],
    ['float', 'number'],
    ['currency', 'number'],
    ['score', 'number'],
    ['percent', 'number'],
    ['date', 'date'],
    ['datetime', 'datetime'],
    ['reference', 'reference'],
    ['formula', 'other'],
  ])('maps Marketo type %s to %s and keeps the vendor type', (dataType, type) => {
    const field = normaliseField({ displayName: 'F', dataType, rest: rest('f') });

    expect(field).toMatchObject({ type, vendorType: dataType });
  });

  it('names the field by its REST name and keeps length and read-only', () => {
    expect(
      normaliseField({
        displayName: 'Full Name',
        dataType: 'string',
        length: 255,
        rest: rest('mktoName', true),
      }),
    ).toEqual({
      name: 'mktoName',
      label: 'Full Name',
      type: 'string',
      vendorType: 'string',
      length: 255,
      required: false,
      readOnly: true,
      unique: false,
      externalId: false,
    });
  });

  it('treats id as a read-only unique id and email as required for matching', () => {
    expect(
      normaliseField({ displayName: 'Id', dataType: 'integer', rest: rest('id') }),
    ).toMatchObject({
      type: 'id',
      readOnly: true,
      unique: true,
      required: false,
    });
    expect(
      normaliseField({ displayName: 'Email Address', dataType: 'email', rest: rest('email') }),
    ).toMatchObject({ type: 'email', required: true, readOnly: false });
  });
});

describe('normaliseDescribe', () => {
  it('leaves out fields without a REST name and entries it cannot read', () => {
    const schema = normaliseDescribe('leads', [
      { id: 1, displayName: 'Kept', dataType: 'string', rest: rest('kept') },
      { id: 2, displayName: 'SOAP only', dataType: 'string', soap: rest('SoapOnly') },
      'garbage',
    ]);

    expect(schema).toEqual({
      object: 'leads',
      fields: [expect.objectContaining({ name: 'kept' })],
    });
  });
});
