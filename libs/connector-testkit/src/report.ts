export const CHECK_IDS = [
  'test-connection',
  'bad-credentials',
  'describe',
  'recommended-mappings',
  'result-order',
  'partial-batch',
  'error-cases',
  'retry-after',
  'token-refresh',
  'replay',
  'limits',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

export type CheckStatus = 'pass' | 'fail' | 'not_applicable';

export interface CheckResult {
  id: CheckId;
  /** The behaviour the check proves, e.g. `returns results in input order`. */
  title: string;
  status: CheckStatus;
  /** What was verified, what went wrong, or why the check does not apply. */
  reason: string;
  durationMs: number;
}

export interface ConformanceReport {
  connector: string;
  version: string;
  /** True when no check failed. */
  passed: boolean;
  checks: CheckResult[];
  durationMs: number;
}

export interface RunOptions {
  /** Runs only these checks (in the kit's order). */
  only?: readonly CheckId[];
  /** A check still running after this long fails. Default 60 s. */
  checkTimeoutMs?: number;
  /** Called as each check ends, e.g. to print progress. */
  onResult?(result: CheckResult): void;
}

export function isCheckId(value: string): value is CheckId {
  return (CHECK_IDS as readonly string[]).includes(value);
}
