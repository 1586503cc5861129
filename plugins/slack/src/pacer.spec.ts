import { Pacer } from './pacer';

describe('Pacer', () => {
  it('starts each call the spacing after the previous one ended, one at a time', async () => {
    const pacer = new Pacer(50);
    const spans: Array<{ start: number; end: number }> = [];
    const call = async () => {
      const start = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 10));
      spans.push({ start, end: Date.now() });
    };

    await Promise.all([pacer.run(call), pacer.run(call), pacer.run(call)]);

    expect(spans).toHaveLength(3);
    for (let index = 1; index < spans.length; index += 1) {
      expect(spans[index].start - spans[index - 1].end).toBeGreaterThanOrEqual(49);
    }
  });

  it('keeps the spacing after a failed call and passes its error on', async () => {
    const pacer = new Pacer(50);
    const failed = pacer.run(async () => {
      throw new Error('refused');
    });
    const after = pacer.run(async () => Date.now());
    const failedAt = Date.now();

    await expect(failed).rejects.toThrow('refused');
    await expect(after).resolves.toBeGreaterThanOrEqual(failedAt + 49);
  });

  it('does not wait before the first call', async () => {
    const started = Date.now();

    await new Pacer(10_000).run(async () => undefined);

    expect(Date.now() - started).toBeLessThan(1000);
  });
});
