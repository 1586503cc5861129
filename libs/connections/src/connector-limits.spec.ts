import { effectiveLimits, parseLimitOverrides } from './connector-limits';

describe('parseLimitOverrides', () => {
  it('groups limits by connector', () => {
    expect(
      parseLimitOverrides(
        'hubspot.requestsPerWindow=190, hubspot.windowMs=10000,marketo.dailyCap=1',
      ),
    ).toEqual({
      hubspot: { requestsPerWindow: 190, windowMs: 10_000 },
      marketo: { dailyCap: 1 },
    });
  });

  it('reads an unset variable as no overrides', () => {
    expect(parseLimitOverrides(undefined)).toEqual({});
  });
});

describe('effectiveLimits', () => {
  it('lets an override replace only the limits it names', () => {
    expect(effectiveLimits({ maxBatchSize: 300, dailyCap: 50_000 }, { dailyCap: 10 })).toEqual({
      maxBatchSize: 300,
      dailyCap: 10,
    });
  });
});
