import {
  chunk,
  normalisedError,
  type ObjectName,
  type UpsertRecord,
  type UpsertResult,
} from '@mobly/connector-sdk';

import { MAX_BATCH_SIZE, SAMPLE_VENDOR_API_VERSION } from './constants';
import { mapSampleVendorError } from './error-map';
import type { SampleVendorSession } from './session';
import { readResults, type WireRecord, type WireResult } from './wire';

export function toWireRecord(record: UpsertRecord): WireRecord {
  return {
    ref: record.key,
    ...(record.remoteId ? { id: record.remoteId } : {}),
    ...(record.matchEmail ? { email: record.matchEmail } : {}),
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
        vendorMessage: 'The API answered without a result for this record',
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
    error: mapSampleVendorError({
      code: result.error?.code ?? `HTTP_${result.status}`,
      message: result.error?.message ?? `The API answered ${result.status}`,
      status: result.status,
      ...(result.error?.field === undefined ? {} : { field: result.error.field }),
    }),
  };
}

/**
 * Writes records in batches of at most `MAX_BATCH_SIZE`: one result per record in input order,
 * paired by `ref` rather than by position. The API upserts by id, then by email, so replaying a
 * batch whose answer was lost updates the same contacts and creates nothing twice.
 */
export async function upsertRecords(
  session: SampleVendorSession,
  object: ObjectName,
  records: UpsertRecord[],
): Promise<UpsertResult[]> {
  const results: UpsertResult[] = [];
  for (const batch of chunk(records, MAX_BATCH_SIZE)) {
    // README.md#post-v1contactsbatch
    const answer = await session.call('POST', `/${SAMPLE_VENDOR_API_VERSION}/contacts/batch`, {
      records: batch.map(toWireRecord),
    });
    const byRef = new Map(readResults(answer.body).map((result) => [result.ref, result]));
    for (const record of batch) results.push(resultOf(object, record.key, byRef.get(record.key)));
  }

  return results;
}
