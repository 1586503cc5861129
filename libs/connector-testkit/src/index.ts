export type { Check, Verdict } from './check';
export { CONFORMANCE_CHECKS } from './checks';
export { formatReport } from './format';
export { describeConformance, type StartedTarget } from './jest';
export {
  CHECK_IDS,
  isCheckId,
  type CheckId,
  type CheckResult,
  type CheckStatus,
  type ConformanceReport,
  type RunOptions,
} from './report';
export { runCheck, runConformance } from './run';
export * from './target';
