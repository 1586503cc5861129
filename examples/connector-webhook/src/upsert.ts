import { createHash } from 'node:crypto';
import {
  chunk,
  normalisedError,
  type ObjectName,
  type UpsertRecord,
  type UpsertResult,
} from '@mobly/connector-sdk';

import { MAX_BATCH_SIZE } from './constants';
import { mapWebhookError } from './error-map';
import type { ReceiverTransport } from './transport';
import { readResults, type WireRecord, type WireResult } from './wire';

/**
 * The record's Idempotency-Key: the host's key plus everything written, so a replay of the same
 * delivery is recognised while a later edit of the lead is a new write.
 */
export function idempotencyKeyOf(record: UpsertRecord): string {
  const values = Object.keys(record.values)
    .sort()
    .map((name) => [name, record.values[name]]);
  const writeIfBlank = [...(record.writeIfBlank ?? [])].sort();

  return createHash('sha256')
    .update(
      JSON.stringify([record.key, record.remoteId ?? null, record.matchEmail ?? null, values]),
    )
    .update(JSON.stringify(writeIfBlank))
    .digest('hex');
}

export function toWireRecord(record: UpsertRecord): WireRecord {
  return {
    idempotencyKey: idempotencyKeyOf(record),
    ...(record.remoteId ? { id: record.remoteId } : {}),
    ...(record.matchEmail ? { matchEmail: record.matchEmail } : {}),
    fields: { ...record.values },
    ...(record.writeIfBlank?.length ? { writeIfBlank: [...record.writeIfBlank] } : {}),
  };
}

function resultOf(object: ObjectName, key: string, result: WireResult | undefined): UpsertResult {
  if (!result) {
    return {
      key,
      ok: false,
      error: normalisedError({
        category: 'UNKNOWN',
        vendorCode: 'missing_result',
        vendorMessage: 'The receiver answered without a result for this record',
      }),
    };
  }
  if ((result.status === 200 || result.status === 201) && result.id) {
    const action = result.status === 201 ? 'created' : 'updated';

    return { key, ok: true, remoteId: result.id, action, object };
  }

  return {
    key,
    ok: false,
    error: mapWebhookError({
      code: result.error?.code ?? `HTTP_${result.status}`,
      message: result.error?.message ?? `The receiver answered ${result.status}`,
      status: result.status,
      ...(result.error?.field === undefined ? {} : { field: result.error.field }),
    }),
  };
}

/**
 * Delivers records in batches of at most `MAX_BATCH_SIZE`, one result per record in input order
 * (matched by Idempotency-Key, not by position). A failed request throws; replaying the records
 * is safe because the receiver answers a known Idempotency-Key with its first result.
 */
export async function upsertRecords(
  transport: ReceiverTransport,
  object: ObjectName,
  records: UpsertRecord[],
): Promise<UpsertResult[]> {
  const results: UpsertResult[] = [];
  for (const batch of chunk(records, MAX_BATCH_SIZE)) {
    const wire = batch.map(toWireRecord);
    // README.md#post-leads
    const answer = await transport.request('POST', '/leads', { records: wire });
    const byKey = new Map(
      readResults(answer.body).map((result) => [result.idempotencyKey, result]),
    );
    batch.forEach((record, index) => {
      results.push(resultOf(object, record.key, byKey.get(wire[index].idempotencyKey)));
    });
  }

  return results;
}
