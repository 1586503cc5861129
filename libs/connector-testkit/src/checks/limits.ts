import { fail, pass, writeNotApplicable, type Check, type CheckContext } from '../check';
import type { WriteCall } from '../target';

/** The most calls that started within any `windowMs` span. */
export function peakCalls(calls: WriteCall[], windowMs: number): number {
  const times = calls.map((call) => call.at).sort((a, b) => a - b);
  let peak = 0;
  let start = 0;
  for (let end = 0; end < times.length; end += 1) {
    while (times[end] - times[start] >= windowMs) start += 1;
    peak = Math.max(peak, end - start + 1);
  }

  return peak;
}

export const limitsCheck: Check = {
  id: 'limits',
  title: 'stays within the declared batch size and rate window',
  whyNotApplicable: writeNotApplicable,
  async run(context: CheckContext) {
    const { maxBatchSize, requestsPerWindow, windowMs } = context.definition.limits;
    const { verb, noun } = context.writer;
    const connected = await context.start();
    const count = Math.ceil(maxBatchSize * 2.5);
    const items = context.validItems(0, count);
    const results = await context.writeAll(connected, items, `${verb} ${count} ${noun}s`);
    if (new Set(results.map((result) => result.id)).size !== count) {
      fail(`${count} new ${noun}s answered fewer than ${count} distinct remote ids`);
    }

    const calls = await context.target.writeCalls();
    if (calls.length === 0) fail('the emulator saw no write call');
    const largest = Math.max(...calls.map((call) => call.records));
    if (largest > maxBatchSize) {
      fail(`a write call carried ${largest} records; the declared maxBatchSize is ${maxBatchSize}`);
    }
    let window = '';
    if (requestsPerWindow !== undefined && windowMs !== undefined) {
      const peak = peakCalls(calls, windowMs);
      if (peak > requestsPerWindow) {
        fail(
          `${peak} write calls within ${windowMs} ms; the declared limit is ${requestsPerWindow}`,
        );
      }
      window = `, at most ${peak} per ${windowMs} ms (limit ${requestsPerWindow})`;
    }

    return pass(`${count} ${noun}s in ${calls.length} write calls of at most ${largest}${window}`);
  },
};
