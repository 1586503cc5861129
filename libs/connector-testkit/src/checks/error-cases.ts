import type { NormalisedError } from '@libs/connector-sdk';

import {
  CheckFailure,
  alignment,
  errorShapeProblems,
  fail,
  formatError,
  pass,
  writeNotApplicable,
  type Check,
  type CheckContext,
} from '../check';
import type { ErrorCase } from '../target';

/** What is wrong with the connector's answer to one arranged vendor error; undefined when right. */
async function caseProblem(
  context: CheckContext,
  errorCase: ErrorCase,
  index: number,
): Promise<string | undefined> {
  const connected = await context.start();
  await errorCase.arrange();
  const item = context.validItem(index);
  const outcome = await context.write(connected, [item]);

  let error: NormalisedError;
  if (outcome.thrown) {
    error = outcome.error;
  } else {
    alignment([item], outcome.results, errorCase.name);
    const [result] = outcome.results;
    if (result.ok) return `the write succeeded (expected ${errorCase.category})`;
    error = result.error;
  }
  const shape = errorShapeProblems(error);
  if (shape.length > 0) return shape.join(', ');
  if (error.category !== errorCase.category || error.retryable !== errorCase.retryable) {
    return `reported ${formatError(error)}, expected ${errorCase.category} with retryable ${errorCase.retryable}`;
  }

  return undefined;
}

export const errorCasesCheck: Check = {
  id: 'error-cases',
  title: 'maps vendor error responses to their categories',
  whyNotApplicable: writeNotApplicable,
  async run(context: CheckContext) {
    const cases = context.target.errorCases;
    if (cases.length === 0) fail('the target lists no vendor error cases');

    const problems: string[] = [];
    for (const [index, errorCase] of cases.entries()) {
      try {
        const problem = await caseProblem(context, errorCase, index);
        if (problem) problems.push(`${errorCase.name}: ${problem}`);
      } catch (error) {
        if (!(error instanceof CheckFailure)) throw error;
        problems.push(`${errorCase.name}: ${error.message}`);
      }
    }
    if (problems.length > 0) fail(problems.join('; '));

    return pass(
      `${cases.length} vendor errors mapped: ${cases.map((entry) => entry.name).join(', ')}`,
    );
  },
};
