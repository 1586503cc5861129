import type { ErrorCategory } from '@libs/connector-sdk';

import {
  alignment,
  errorShapeProblems,
  fail,
  formatError,
  notApplicable,
  pass,
  writeNotApplicable,
  type Check,
  type CheckContext,
  type WriteItem,
} from '../check';

const BATCH = 6;

export const partialBatchCheck: Check = {
  id: 'partial-batch',
  title: 'writes the good records of a batch that holds bad ones',
  whyNotApplicable: writeNotApplicable,
  async run(context: CheckContext) {
    const noun = context.writer.noun;
    const connected = await context.start();
    const size = context.batch(BATCH);
    if (size < 2) return notApplicable('maxBatchSize 1: a batch cannot mix good and bad records');

    const expected = new Map<string, ErrorCategory>();
    const goodMarkers: string[] = [];
    const items: WriteItem[] = Array.from({ length: size }, (_, index) => {
      if (index % 2 === 0) {
        const item = context.validItem(index);
        goodMarkers.push(item.marker);

        return item;
      }
      const invalid = context.invalidItem(index);
      expected.set(invalid.item.key, invalid.category);

      return invalid.item;
    });

    const outcome = await context.write(connected, items);
    if (outcome.thrown) {
      fail(
        `the whole batch failed as ${formatError(outcome.error)}; the good ${noun}s must be written`,
      );
    }
    alignment(items, outcome.results, 'mixed batch');

    const problems: string[] = [];
    for (const result of outcome.results) {
      const category = expected.get(result.key);
      if (category === undefined) {
        if (!result.ok) {
          problems.push(`good ${noun} ${result.key} failed as ${formatError(result.error)}`);
        }
        continue;
      }
      if (result.ok) {
        problems.push(`bad ${noun} ${result.key} was accepted (expected ${category})`);
        continue;
      }
      if (result.error.category !== category) {
        problems.push(
          `bad ${noun} ${result.key} failed as ${formatError(result.error)}, expected ${category}`,
        );
      }
      problems.push(
        ...errorShapeProblems(result.error).map((problem) => `${result.key}: ${problem}`),
      );
    }
    problems.push(...(await context.duplicates(goodMarkers)));
    if (problems.length > 0) fail(problems.join('; '));

    return pass(
      `${goodMarkers.length} good ${noun}s written; ${expected.size} bad ones failed as ${[...new Set(expected.values())].join(', ')}`,
    );
  },
};
