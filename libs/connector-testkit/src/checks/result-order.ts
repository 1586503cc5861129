import {
  fail,
  notApplicable,
  pass,
  writeNotApplicable,
  type Check,
  type CheckContext,
} from '../check';

const BATCH = 8;

/** A fixed pseudo-random permutation (mulberry32-seeded Fisher–Yates), the same on every run. */
export function shuffled<T>(items: readonly T[], seed = 0x5eed): T[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;

    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other], copy[index]];
  }

  return copy;
}

export const resultOrderCheck: Check = {
  id: 'result-order',
  title: 'returns results in input order',
  whyNotApplicable: writeNotApplicable,
  async run(context: CheckContext) {
    const { writer } = context;
    const connected = await context.start();
    const size = context.batch(BATCH);
    if (size < 2) return notApplicable('maxBatchSize 1: a batch of one record has no order');
    const items = context.validItems(0, size);

    // Every other person exists already, known by the remote id an earlier sync stored.
    const existing = writer.storesRecords ? items.filter((_, index) => index % 2 === 1) : [];
    const first =
      existing.length > 0
        ? await context.writeAll(connected, existing, 'creating the existing people')
        : [];
    const known = new Map(existing.map((item, index) => [item.key, first[index].id]));

    const batch = shuffled(items).map((item) => {
      const storedId = known.get(item.key);

      return storedId === undefined ? item : writer.withRemoteId(item, storedId);
    });
    const results = await context.writeAll(connected, batch, `${writer.verb} the shuffled batch`);

    const seen = new Map<string, string>();
    results.forEach((result) => {
      const storedId = known.get(result.key);
      if (storedId !== undefined && result.id !== storedId) {
        fail(`${result.key} answered remote id ${result.id}, its stored id is ${storedId}`);
      }
      const other = seen.get(result.id);
      if (other !== undefined) fail(`${other} and ${result.key} share remote id ${result.id}`);
      seen.set(result.id, result.key);
    });

    const kinds = writer.storesRecords
      ? `${existing.length} existing by remote id, ${size - existing.length} new`
      : 'each message with its own id';

    return pass(`${size} results in input order (${kinds})`);
  },
};
