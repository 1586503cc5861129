import type {
  ConnectorClient,
  ConnectorDefinition,
  ErrorCategory,
  NormalisedError,
  NotifyMessage,
  UpsertRecord,
} from '@libs/connector-sdk';

import { fail } from './failure';
import type { ConformanceTarget, NotifyTarget } from './target';

/**
 * One thing a check hands the connector: a persona record to upsert or a message to post. The
 * marker is what the emulator counts deliveries by (a record's email, the text the target put in
 * a message).
 */
export type WriteItem =
  | { kind: 'record'; key: string; marker: string; record: UpsertRecord }
  | { kind: 'message'; key: string; marker: string; message: NotifyMessage };

/** The connector's answer for one item: written with the vendor's id, or failed. */
export type ItemResult =
  { key: string; ok: true; id: string } | { key: string; ok: false; error: NormalisedError };

/**
 * How the behavioural checks write through a connector: `upsert` of the persona, or `notify`
 * for a messaging connector. Each check has one body and calls only this.
 */
export interface Writer {
  /** The connector operation the checks call, as the reasons name it. */
  operation: 'upsert' | 'notify';
  /** What a write does, as the reasons name it. */
  verb: 'upserting' | 'posting';
  /** What one item is, as the reasons name it. */
  noun: WriteItem['kind'];
  /** Whether the vendor stores records a later write can address by their remote id. */
  storesRecords: boolean;
  /** The most items a check may hand one call. */
  maxItemsPerCall: number;
  valid(index: number, key: string): WriteItem;
  invalid(index: number, key: string): { item: WriteItem; category: ErrorCategory };
  /** The item as the host sends it once it knows the item's remote id. */
  withRemoteId(item: WriteItem, remoteId: string): WriteItem;
  call(client: ConnectorClient, items: WriteItem[]): Promise<ItemResult[]>;
  /** How many remote records or delivered messages carry the marker. */
  count(marker: string): Promise<number>;
}

function hasPersonaUpsert(definition: ConnectorDefinition): boolean {
  const { capabilities } = definition;

  return (
    capabilities.batchUpsert && capabilities.objects.some((object) => object.role === 'persona')
  );
}

/** Why the behavioural checks cannot write through this connector; undefined when they can. */
export function writeNotApplicable(target: ConformanceTarget): string | undefined {
  const { capabilities } = target.definition;
  if (hasPersonaUpsert(target.definition)) return undefined;
  if (!capabilities.notify) return 'the connector neither upserts a persona nor posts messages';
  if (!target.notify) {
    return 'notify-only connector: the target provides no messages to post (target.notify)';
  }

  return undefined;
}

function recordsOf(items: WriteItem[]): UpsertRecord[] {
  return items.flatMap((item) => (item.kind === 'record' ? [item.record] : []));
}

function messagesOf(items: WriteItem[]): NotifyMessage[] {
  return items.flatMap((item) => (item.kind === 'message' ? [item.message] : []));
}

function upsertWriter(target: ConformanceTarget): Writer {
  return {
    operation: 'upsert',
    verb: 'upserting',
    noun: 'record',
    storesRecords: true,
    maxItemsPerCall: target.definition.limits.maxBatchSize,
    valid(index, key) {
      const record = target.validRecord(index);
      const email = record.matchEmail;
      if (!email) fail(`validRecord(${index}) has no matchEmail to count remote records by`);

      return { kind: 'record', key, marker: email, record: { ...record, key } };
    },
    invalid(index, key) {
      const { record, category } = target.invalidRecord(index);

      return {
        item: { kind: 'record', key, marker: record.matchEmail ?? key, record: { ...record, key } },
        category,
      };
    },
    withRemoteId(item, remoteId) {
      return item.kind === 'record' ? { ...item, record: { ...item.record, remoteId } } : item;
    },
    async call(client, items) {
      const results = await client.upsert(target.persona, recordsOf(items));
      if (!Array.isArray(results)) fail('upsert returned no result list');

      return results.map((result) =>
        result.ok ? { key: result.key, ok: true, id: result.remoteId } : result,
      );
    },
    count: (marker) => target.remoteCount(marker),
  };
}

function notifyWriter(target: NotifyTarget): Writer {
  return {
    operation: 'notify',
    verb: 'posting',
    noun: 'message',
    storesRecords: false,
    // notify takes any number of messages; `maxBatchSize` bounds each vendor call.
    maxItemsPerCall: Number.POSITIVE_INFINITY,
    valid(index, key) {
      const { message, marker } = target.validMessage(index);

      return { kind: 'message', key, marker, message: { ...message, key } };
    },
    invalid(index, key) {
      const { message, category } = target.invalidMessage(index);

      return {
        item: { kind: 'message', key, marker: key, message: { ...message, key } },
        category,
      };
    },
    withRemoteId: (item) => item,
    async call(client, items) {
      if (!client.notify) fail('the connector declares notify, but its client has no notify');
      const results = await client.notify(messagesOf(items));
      if (!Array.isArray(results)) fail('notify returned no result list');

      return results.map((result) =>
        result.ok ? { key: result.key, ok: true, id: result.messageId } : result,
      );
    },
    count: (marker) => target.deliveredCount(marker),
  };
}

/** Upsert for persona connectors, notify for messaging ones (see `writeNotApplicable`). */
export function writerFor(target: ConformanceTarget): Writer {
  if (hasPersonaUpsert(target.definition) || !target.notify) return upsertWriter(target);

  return notifyWriter(target.notify);
}
