import { normaliseId, recordId, toId18 } from './ids';

describe('toId18', () => {
  it('appends the case-safe suffix', () => {
    expect(toId18('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(toId18('00Q5g0000000001')).toBe('00Q5g0000000001EAA');
  });
});

describe('normaliseId', () => {
  it('accepts 15- and 18-character ids and rejects the rest', () => {
    expect(normaliseId('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(normaliseId('001A0000006Vm9riac')).toBe('001A0000006Vm9rIAC');
    expect(normaliseId('001A0000006Vm9rXXX')).toBeUndefined();
    expect(normaliseId('not-an-id')).toBeUndefined();
  });
});

describe('recordId', () => {
  it('builds deterministic ids from the key prefix and a sequence', () => {
    expect(recordId('003', 1)).toBe('0035g0000000001AAA');
    expect(recordId('701', 62)).toBe('7015g0000000010AAA');
  });
});
