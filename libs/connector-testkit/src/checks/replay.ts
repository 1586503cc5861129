import { fail, pass, upsertNotApplicable, type Check, type CheckContext } from '../check';

const BATCH = 5;

export const replayCheck: Check = {
  id: 'replay',
  title: 'creates no duplicate when a batch is replayed',
  whyNotApplicable: upsertNotApplicable,
  async run(context: CheckContext) {
    const connected = await context.start();
    const records = context.validRecords(
      0,
      Math.min(BATCH, context.definition.limits.maxBatchSize),
    );
    const first = await context.writeAll(connected, records, 'first delivery');

    // The host lost the answer: another worker sends the same batch with the stored credentials.
    const latest = connected.reported.at(-1) ?? connected.connection.credentials;
    const again = context.connect({ ...connected.connection, credentials: latest });
    const second = await context.writeAll(again, records, 'replayed delivery');

    const problems = second.flatMap((result, index) =>
      result.remoteId === first[index].remoteId
        ? []
        : [
            `replayed ${result.key} answered ${result.remoteId}, first delivery ${first[index].remoteId}`,
          ],
    );
    problems.push(...(await context.duplicates(records.map((record) => record.matchEmail))));
    if (problems.length > 0) fail(problems.join('; '));

    return pass(
      `${records.length} records replayed onto the same ${records.length} remote records`,
    );
  },
};
