import { knownStatus, statusFor } from './link-check';

describe('statusFor', () => {
  const link = {
    status: 'Attended',
    statusByAnswer: { qualifier: 'Interest', values: { Hot: 'Visited Booth', Warm: 'Registered' } },
  };

  it('takes the status the first mapped answer chooses', () => {
    expect(statusFor(link, { Interest: ['Cold', 'Warm', 'Hot'] })).toBe('Registered');
  });

  it("falls back to the link's status without a mapped answer", () => {
    expect(statusFor(link, { Interest: ['Cold'] })).toBe('Attended');
    expect(statusFor(link, {})).toBe('Attended');
  });

  it('is undefined (the vendor default) when the link names no status', () => {
    expect(
      statusFor({ status: null, statusByAnswer: null }, { Interest: ['Hot'] }),
    ).toBeUndefined();
  });
});

describe('knownStatus', () => {
  it("answers the vendor's spelling, case-insensitively", () => {
    const remote = { id: '1', name: 'Expo', active: true, statuses: ['Sent', 'Visited Booth'] };

    expect(knownStatus(remote, ' visited booth')).toBe('Visited Booth');
    expect(knownStatus(remote, 'Gone')).toBeUndefined();
    expect(knownStatus({ ...remote, statuses: undefined }, 'Sent')).toBeUndefined();
  });
});
