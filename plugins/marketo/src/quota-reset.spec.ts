import { msUntilNextMidnight } from './quota-reset';

const HOUR = 60 * 60 * 1000;

describe('msUntilNextMidnight', () => {
  it('counts to midnight US Central on an ordinary day', () => {
    // 2026-01-15 18:00 CST is 2026-01-16 00:00 UTC.
    expect(msUntilNextMidnight('America/Chicago', Date.parse('2026-01-16T00:00:00Z'))).toBe(
      6 * HOUR,
    );
  });

  it('lands on local midnight across the spring-forward day', () => {
    // 2026-03-08 00:30 CST; the day has 23 hours.
    const now = Date.parse('2026-03-08T06:30:00Z');

    expect(msUntilNextMidnight('America/Chicago', now)).toBe(22.5 * HOUR);
  });

  it('lands on local midnight across the fall-back day', () => {
    // 2026-11-01 00:30 CDT; the day has 25 hours.
    const now = Date.parse('2026-11-01T05:30:00Z');

    expect(msUntilNextMidnight('America/Chicago', now)).toBe(24.5 * HOUR);
  });

  it('waits a full day at exactly midnight', () => {
    expect(msUntilNextMidnight('America/Chicago', Date.parse('2026-01-15T06:00:00Z'))).toBe(
      24 * HOUR,
    );
  });
});
