import type { Check } from '../check';
import { badCredentialsCheck, connectsCheck } from './connection';
import { describeCheck } from './describe';
import { errorCasesCheck } from './error-cases';
import { limitsCheck } from './limits';
import { partialBatchCheck } from './partial-batch';
import { recommendedMappingsCheck } from './recommended-mappings';
import { replayCheck } from './replay';
import { resultOrderCheck } from './result-order';
import { retryAfterCheck } from './retry-after';
import { tokenRefreshCheck } from './token-refresh';

/** Every check of the kit, in the order it runs and reports them. */
export const CONFORMANCE_CHECKS: readonly Check[] = [
  connectsCheck,
  badCredentialsCheck,
  describeCheck,
  recommendedMappingsCheck,
  resultOrderCheck,
  partialBatchCheck,
  errorCasesCheck,
  retryAfterCheck,
  tokenRefreshCheck,
  replayCheck,
  limitsCheck,
];
