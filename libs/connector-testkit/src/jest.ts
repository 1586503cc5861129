import { runCheck, selectChecks } from './run';
import type { RunOptions } from './report';
import type { ConformanceTarget } from './target';

/*
 * Jest's globals, declared for this module only: the build compiles the kit without jest's
 * types, and the functions exist only while jest runs the test file that calls
 * `describeConformance`.
 */
type Hook = (fn: () => Promise<void>, timeoutMs?: number) => void;
declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, fn: () => Promise<void>, timeoutMs?: number) => void;
declare const beforeAll: Hook;
declare const afterAll: Hook;

/** A target whose emulator is running, and how to stop what was started for it. */
export interface StartedTarget {
  target: ConformanceTarget;
  stop?(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * Registers the kit in a jest suite: one `it` per check, named by the behaviour it proves. A
 * failing check fails its test with the kit's reason; a check that does not apply passes.
 */
export function describeConformance(
  name: string,
  start: () => Promise<StartedTarget>,
  options: Pick<RunOptions, 'only' | 'checkTimeoutMs'> = {},
): void {
  if (typeof describe !== 'function') {
    throw new Error('describeConformance registers jest tests: call it from a jest test file');
  }
  const timeoutMs = options.checkTimeoutMs ?? DEFAULT_TIMEOUT_MS;

  describe(`${name} conformance`, () => {
    let started: StartedTarget | undefined;

    beforeAll(async () => {
      started = await start();
    }, timeoutMs);

    afterAll(async () => {
      await started?.stop?.();
    }, timeoutMs);

    for (const check of selectChecks(options)) {
      it(
        check.title,
        async () => {
          if (!started) throw new Error(`${name}: the conformance target did not start`);
          const result = await runCheck(started.target, check, { checkTimeoutMs: timeoutMs });
          if (result.status === 'fail') {
            throw new Error(`conformance check "${check.title}" failed: ${result.reason}`);
          }
        },
        timeoutMs + 5_000,
      );
    }
  });
}
