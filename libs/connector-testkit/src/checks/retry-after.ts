import type { NormalisedError } from '@libs/connector-sdk';

import {
  alignment,
  fail,
  formatError,
  pass,
  writeNotApplicable,
  type Check,
  type CheckContext,
  type Verdict,
} from '../check';
import type { WriteCall } from '../target';

const RETRY_AFTER_SECONDS = 2;
/** Clock granularity allowed when comparing the journal's arrival times. */
const TIMING_SLACK_MS = 25;

/** A connector may also wait out Retry-After itself and write again. */
function waitedOut(calls: WriteCall[], waitMs: number): Verdict {
  const refused = calls.findIndex((call) => call.refused === true);
  if (refused === -1) {
    fail('the write succeeded and the emulator refused no write call: the rate limit was not hit');
  }
  const retry = calls.slice(refused + 1).find((call) => call.refused !== true);
  if (!retry) fail('the write succeeded but no write followed the rate-limited one');
  const waited = retry.at - calls[refused].at;
  if (waited + TIMING_SLACK_MS < waitMs) {
    fail(`wrote again after ${waited} ms although the vendor said Retry-After ${waitMs / 1000} s`);
  }

  return pass(`waited ${waited} ms (Retry-After ${waitMs / 1000} s) and wrote again`);
}

function errorProblem(error: NormalisedError, waitMs: number | undefined): string | undefined {
  if (error.category !== 'RATE_LIMITED' || !error.retryable) {
    return `reported ${formatError(error)}, expected RATE_LIMITED and retryable`;
  }
  if (waitMs !== undefined && error.retryAfterMs !== waitMs) {
    return `reported retryAfterMs ${String(error.retryAfterMs)}, the vendor said Retry-After ${waitMs / 1000} s (${waitMs} ms)`;
  }

  return undefined;
}

export const retryAfterCheck: Check = {
  id: 'retry-after',
  title: 'honours Retry-After',
  whyNotApplicable: writeNotApplicable,
  async run(context: CheckContext) {
    const sendsRetryAfter = context.target.rateLimitRetryAfter !== false;
    const waitMs = sendsRetryAfter ? RETRY_AFTER_SECONDS * 1000 : undefined;

    const connected = await context.start();
    await context.target.rateLimitNextWrite(RETRY_AFTER_SECONDS);
    const item = context.validItem(0);
    const outcome = await context.write(connected, [item]);

    let errors: NormalisedError[];
    if (outcome.thrown) {
      errors = [outcome.error];
    } else {
      alignment([item], outcome.results, 'rate-limited write');
      errors = outcome.results.flatMap((result) => (result.ok ? [] : [result.error]));
    }
    if (errors.length === 0) {
      if (waitMs === undefined) fail('the write succeeded although the vendor rate-limited it');

      return waitedOut(await context.target.writeCalls(), waitMs);
    }
    const problem = errors.map((error) => errorProblem(error, waitMs)).find(Boolean);
    if (problem) fail(problem);

    return pass(
      waitMs === undefined
        ? 'RATE_LIMITED and retryable; the vendor sends no Retry-After'
        : `RATE_LIMITED, retryable, retryAfterMs ${waitMs} as the vendor said`,
    );
  },
};
