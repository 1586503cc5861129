import { fail, pass, writeNotApplicable, writerFor, type Check, type CheckContext } from '../check';
import type { ConformanceTarget } from '../target';

const BATCH = 5;

/**
 * A posted message cannot be matched: the vendor keeps no record a replayed message could be
 * recognised by, so a replay posts it again. The host's delivery records (a lead is announced
 * once), not the connector, keep it from being sent twice.
 */
function replayNotApplicable(target: ConformanceTarget): string | undefined {
  const why = writeNotApplicable(target);
  if (why !== undefined || writerFor(target).storesRecords) return why;

  return [
    'messages are posted, not upserted: the vendor stores nothing a replayed message could be',
    'matched to, so a replay posts it again; the host records each delivery and does not post a',
    'recorded message twice',
  ].join(' ');
}

export const replayCheck: Check = {
  id: 'replay',
  title: 'creates no duplicate when a batch is replayed',
  whyNotApplicable: replayNotApplicable,
  async run(context: CheckContext) {
    const connected = await context.start();
    const items = context.validItems(0, context.batch(BATCH));
    const first = await context.writeAll(connected, items, 'first delivery');

    // The host lost the answer: another worker sends the same batch with the stored credentials.
    const latest = connected.reported.at(-1) ?? connected.connection.credentials;
    const again = context.connect({ ...connected.connection, credentials: latest });
    const second = await context.writeAll(again, items, 'replayed delivery');

    const problems = second.flatMap((result, index) =>
      result.id === first[index].id
        ? []
        : [`replayed ${result.key} answered ${result.id}, first delivery ${first[index].id}`],
    );
    problems.push(...(await context.duplicates(items.map((item) => item.marker))));
    if (problems.length > 0) fail(problems.join('; '));

    return pass(`${items.length} records replayed onto the same ${items.length} remote records`);
  },
};
