import type { ErrorCategory, UpsertRecord } from '@libs/connector-sdk';

import {
  alignment,
  errorShapeProblems,
  fail,
  formatError,
  notApplicable,
  pass,
  upsertNotApplicable,
  type Check,
  type CheckContext,
} from '../check';

const BATCH = 6;

export const partialBatchCheck: Check = {
  id: 'partial-batch',
  title: 'writes the good records of a batch that holds bad ones',
  whyNotApplicable: upsertNotApplicable,
  async run(context: CheckContext) {
    const connected = await context.start();
    const size = Math.min(BATCH, context.definition.limits.maxBatchSize);
    if (size < 2) return notApplicable('maxBatchSize 1: a batch cannot mix good and bad records');

    const expected = new Map<string, ErrorCategory>();
    const goodEmails: string[] = [];
    const records: UpsertRecord[] = Array.from({ length: size }, (_, index) => {
      if (index % 2 === 0) {
        const record = context.validRecord(index);
        goodEmails.push(record.matchEmail);

        return record;
      }
      const invalid = context.target.invalidRecord(index);
      expected.set(context.key(index), invalid.category);

      return { ...invalid.record, key: context.key(index) };
    });

    const outcome = await context.write(connected, records);
    if (outcome.thrown) {
      fail(
        `the whole batch failed as ${formatError(outcome.error)}; the good records must be written`,
      );
    }
    alignment(records, outcome.results, 'mixed batch');

    const problems: string[] = [];
    for (const result of outcome.results) {
      const category = expected.get(result.key);
      if (category === undefined) {
        if (!result.ok)
          problems.push(`good record ${result.key} failed as ${formatError(result.error)}`);
        continue;
      }
      if (result.ok) {
        problems.push(`bad record ${result.key} was accepted (expected ${category})`);
        continue;
      }
      if (result.error.category !== category) {
        problems.push(
          `bad record ${result.key} failed as ${formatError(result.error)}, expected ${category}`,
        );
      }
      problems.push(
        ...errorShapeProblems(result.error).map((problem) => `${result.key}: ${problem}`),
      );
    }
    problems.push(...(await context.duplicates(goodEmails)));
    if (problems.length > 0) fail(problems.join('; '));

    return pass(
      `${goodEmails.length} good records written; ${expected.size} bad ones failed as ${[...new Set(expected.values())].join(', ')}`,
    );
  },
};
