import {
  fail,
  notApplicable,
  pass,
  upsertNotApplicable,
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
  title: 'returns upsert results in input order',
  whyNotApplicable: upsertNotApplicable,
  async run(context: CheckContext) {
    const connected = await context.start();
    const size = Math.min(BATCH, context.definition.limits.maxBatchSize);
    if (size < 2) return notApplicable('maxBatchSize 1: a batch of one record has no order');
    const records = context.validRecords(0, size);

    // Every other person exists already, known by the remote id an earlier sync stored.
    const existing = records.filter((_, index) => index % 2 === 1);
    const first = await context.writeAll(connected, existing, 'creating the existing people');
    const known = new Map(existing.map((record, index) => [record.key, first[index].remoteId]));

    const batch = shuffled(records).map((record) => ({
      ...record,
      remoteId: known.get(record.key),
    }));
    const results = await context.writeAll(connected, batch, 'upserting the shuffled batch');

    const seen = new Map<string, string>();
    results.forEach((result) => {
      const storedId = known.get(result.key);
      if (storedId !== undefined && result.remoteId !== storedId) {
        fail(`${result.key} answered remote id ${result.remoteId}, its stored id is ${storedId}`);
      }
      const other = seen.get(result.remoteId);
      if (other !== undefined)
        fail(`${other} and ${result.key} share remote id ${result.remoteId}`);
      seen.set(result.remoteId, result.key);
    });

    return pass(
      `${size} results in input order (${existing.length} existing by remote id, ${size - existing.length} new)`,
    );
  },
};
