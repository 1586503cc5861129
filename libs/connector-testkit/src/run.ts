import { CheckContext, CheckFailure, describeThrown, type Check } from './check';
import { CONFORMANCE_CHECKS } from './checks';
import type { CheckResult, ConformanceReport, RunOptions } from './report';
import type { ConformanceTarget } from './target';

const DEFAULT_CHECK_TIMEOUT_MS = 60_000;

class CheckTimeout extends Error {}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeout(`did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs one check; a failure, a crash or a timeout becomes a failed result, never a throw. */
export async function runCheck(
  target: ConformanceTarget,
  check: Check,
  options: Pick<RunOptions, 'checkTimeoutMs'> = {},
): Promise<CheckResult> {
  const started = Date.now();
  const result = (status: CheckResult['status'], reason: string): CheckResult => ({
    id: check.id,
    title: check.title,
    status,
    reason,
    durationMs: Date.now() - started,
  });

  const notApplicable = check.whyNotApplicable?.(target);
  if (notApplicable !== undefined) return result('not_applicable', notApplicable);
  try {
    const verdict = await withTimeout(
      check.run(new CheckContext(target, check.id)),
      options.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS,
    );

    return result(verdict.status, verdict.reason);
  } catch (error) {
    if (error instanceof CheckFailure || error instanceof CheckTimeout) {
      return result('fail', error.message);
    }

    return result('fail', `the check stopped on ${describeThrown(error)}`);
  }
}

/** The kit's checks, or those named in `only`, in the kit's order. */
export function selectChecks(options: Pick<RunOptions, 'only'> = {}): Check[] {
  const only = options.only;

  return CONFORMANCE_CHECKS.filter((check) => !only || only.includes(check.id));
}

/** Runs the kit against a connector and its emulator, one check after the other. */
export async function runConformance(
  target: ConformanceTarget,
  options: RunOptions = {},
): Promise<ConformanceReport> {
  const started = Date.now();
  const checks: CheckResult[] = [];
  for (const check of selectChecks(options)) {
    const result = await runCheck(target, check, options);
    checks.push(result);
    options.onResult?.(result);
  }

  return {
    connector: target.definition.id,
    version: target.definition.version,
    passed: checks.every((check) => check.status !== 'fail'),
    checks,
    durationMs: Date.now() - started,
  };
}
