import { splitByLength } from './lookup';

const joined = (batch: string[]) => batch.join(',').length;

describe('splitByLength', () => {
  it('keeps a list that fits in one batch', () => {
    const values = Array.from({ length: 200 }, (_, i) => `lead${i}@example.com`);

    expect(splitByLength(values, joined)).toEqual([values]);
  });

  it('cuts a long list into the fewest consecutive batches under the cap', () => {
    const values = Array.from({ length: 3_000 }, (_, i) => `someone.${i}@example.com`);
    const batches = splitByLength(values, joined);

    expect(batches.flat()).toEqual(values);
    for (const [index, batch] of batches.entries()) {
      expect(joined(batch)).toBeLessThanOrEqual(12_000);
      // Greedy: the next value would not have fitted.
      const next = batches[index + 1]?.[0];
      if (next) expect(joined([...batch, next])).toBeGreaterThan(12_000);
    }
  });

  it('sends a value too long for the cap on its own', () => {
    const long = 'x'.repeat(13_000);

    expect(splitByLength(['a', long, 'b'], joined)).toEqual([['a'], [long], ['b']]);
  });
});
