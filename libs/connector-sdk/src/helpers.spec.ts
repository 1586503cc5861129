import { chunk, parseRetryAfter } from './helpers';
import { ConnectorError, normalisedError } from './errors';

describe('chunk', () => {
  it('splits into runs of at most the batch size, keeping order', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('refuses a batch size below one', () => {
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta seconds', () => {
    expect(parseRetryAfter('10')).toBe(10_000);
    expect(parseRetryAfter('0.5')).toBe(500);
  });

  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');

    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
  });

  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('normalisedError', () => {
  it('takes the retry decision from the category unless told otherwise', () => {
    expect(
      normalisedError({ category: 'RATE_LIMITED', vendorCode: '429', vendorMessage: 'x' })
        .retryable,
    ).toBe(true);
    expect(
      normalisedError({ category: 'DATA_VALUE_VALIDATION', vendorCode: 'X', vendorMessage: 'x' })
        .retryable,
    ).toBe(false);
    expect(
      normalisedError({ category: 'UNKNOWN', vendorCode: 'X', vendorMessage: 'x', retryable: true })
        .retryable,
    ).toBe(true);
  });

  it('gives every thrown ConnectorError its own stack', () => {
    const make = () =>
      new ConnectorError({
        category: 'AUTH_INVALID',
        vendorCode: 'invalid_grant',
        vendorMessage: 'expired',
      });
    const first = make();
    const second = make();

    expect(first).not.toBe(second);
    expect(first.category).toBe('AUTH_INVALID');
    expect(first.error.retryable).toBe(false);
  });
});
