import { retryDelayMs } from './backoff';

describe('retryDelayMs', () => {
  it('doubles the ceiling with each attempt', () => {
    const top = () => 1;

    expect(retryDelayMs(1, 0, top)).toBe(2_000);
    expect(retryDelayMs(2, 0, top)).toBe(4_000);
    expect(retryDelayMs(3, 0, top)).toBe(8_000);
  });

  it('keeps at least half the ceiling whatever the jitter', () => {
    expect(retryDelayMs(3, 0, () => 0)).toBe(4_000);
  });

  it('caps the delay at fifteen minutes', () => {
    expect(retryDelayMs(30, 0, () => 1)).toBe(900_000);
  });

  it('never retries sooner than the vendor asked', () => {
    expect(retryDelayMs(1, 60_000, () => 0)).toBe(60_000);
  });
});
