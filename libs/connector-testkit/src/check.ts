import {
  ERROR_CATEGORIES,
  isConnectorError,
  type ConnectorClient,
  type ConnectorDefinition,
  type Credentials,
  type ErrorCategory,
  type NormalisedError,
} from '@libs/connector-sdk';

import { CheckFailure, fail } from './failure';
import type { CheckId } from './report';
import type { ConformanceConnection, ConformanceTarget } from './target';
import { writerFor, type ItemResult, type WriteItem, type Writer } from './write';

export { CheckFailure, fail } from './failure';
export { writeNotApplicable, writerFor, type ItemResult, type WriteItem } from './write';

export interface Verdict {
  status: 'pass' | 'not_applicable';
  reason: string;
}

export function pass(reason: string): Verdict {
  return { status: 'pass', reason };
}

export function notApplicable(reason: string): Verdict {
  return { status: 'not_applicable', reason };
}

export interface Check {
  id: CheckId;
  title: string;
  /** Why the check does not apply to this connector and target; undefined when it does. */
  whyNotApplicable?(target: ConformanceTarget): string | undefined;
  run(context: CheckContext): Promise<Verdict>;
}

/** A client connected to the emulator, and every credential set it reported to the host. */
export interface Connected {
  connection: ConformanceConnection;
  client: ConnectorClient;
  reported: Credentials[];
}

/** The outcome of one write call: per-item results, or the error of the whole call. */
export type WriteOutcome =
  { thrown: false; results: ItemResult[] } | { thrown: true; error: NormalisedError };

export function describeThrown(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;

  return String(error);
}

/** What is wrong with a normalised error's shape; empty when nothing is. */
export function errorShapeProblems(error: NormalisedError): string[] {
  const problems: string[] = [];
  if (!(error.category in ERROR_CATEGORIES)) problems.push(`unknown category ${error.category}`);
  if (typeof error.vendorCode !== 'string' || error.vendorCode === '') {
    problems.push('no vendorCode');
  }
  if (typeof error.vendorMessage !== 'string') problems.push('no vendorMessage');
  if (typeof error.retryable !== 'boolean') problems.push('retryable is not a boolean');
  const wait = error.retryAfterMs;
  if (wait !== undefined && !(Number.isFinite(wait) && wait >= 0)) {
    problems.push(`retryAfterMs ${wait} is not a wait in milliseconds`);
  }

  return problems;
}

export function formatError(error: NormalisedError): string {
  const wait = error.retryAfterMs === undefined ? '' : `, retryAfterMs ${error.retryAfterMs}`;

  return `${error.category} (${error.vendorCode}: ${error.vendorMessage}; retryable ${error.retryable}${wait})`;
}

/** Runs one check against a target: fresh emulator state, fresh clients, items keyed by check. */
export class CheckContext {
  /** Upsert of the persona, or notify for a messaging connector. */
  readonly writer: Writer;

  constructor(
    readonly target: ConformanceTarget,
    private readonly check: CheckId,
  ) {
    this.writer = writerFor(target);
  }

  get definition(): ConnectorDefinition {
    return this.target.definition;
  }

  /** `size`, or fewer when the operation takes fewer items per call (upsert: `maxBatchSize`). */
  batch(size: number): number {
    return Math.min(size, this.writer.maxItemsPerCall);
  }

  /** Clears the emulator and connects a client with fresh credentials. */
  async start(): Promise<Connected> {
    await this.target.reset();

    return this.connect(await this.target.connect());
  }

  /** A new client on the given connection, as another worker of the host would create it. */
  connect(connection: ConformanceConnection): Connected {
    const reported: Credentials[] = [];
    const client = this.definition.create({
      credentials: { ...connection.credentials },
      settings: { ...connection.settings },
      onCredentialsChanged: async (next) => {
        reported.push({ ...next });
      },
    });

    return { connection, client, reported };
  }

  /** The target's valid record or message `index`, keyed `<check>:<index>`. */
  validItem(index: number): WriteItem {
    return this.writer.valid(index, this.key(index));
  }

  validItems(first: number, count: number): WriteItem[] {
    return Array.from({ length: count }, (_, offset) => this.validItem(first + offset));
  }

  /** The target's invalid record or message `index`, and the category it must fail with. */
  invalidItem(index: number): { item: WriteItem; category: ErrorCategory } {
    return this.writer.invalid(index, this.key(index));
  }

  key(index: number): string {
    return `${this.check}:${index}`;
  }

  /** Writes the items; a thrown `ConnectorError` is an outcome, anything else fails the check. */
  async write(connected: Connected, items: WriteItem[]): Promise<WriteOutcome> {
    try {
      const results = await this.writer.call(connected.client, items);

      return { thrown: false, results };
    } catch (error) {
      if (error instanceof CheckFailure) throw error;
      if (isConnectorError(error)) return { thrown: true, error: error.error };

      return fail(
        `${this.writer.operation} threw ${describeThrown(error)} instead of a ConnectorError`,
      );
    }
  }

  /** Writes items that must all succeed; fails the check on anything else. */
  async writeAll(
    connected: Connected,
    items: WriteItem[],
    step: string,
  ): Promise<Array<Extract<ItemResult, { ok: true }>>> {
    const outcome = await this.write(connected, items);
    if (outcome.thrown)
      fail(`${step}: ${this.writer.operation} failed as ${formatError(outcome.error)}`);
    alignment(items, outcome.results, step);

    return outcome.results.map((result) => {
      if (!result.ok) fail(`${step}: ${result.key} failed as ${formatError(result.error)}`);

      return result;
    });
  }

  /** The markers that do not have exactly one remote record or delivered message. */
  async duplicates(markers: string[]): Promise<string[]> {
    const problems: string[] = [];
    const noun = this.writer.storesRecords ? 'remote records carry' : 'delivered messages carry';
    for (const marker of markers) {
      const count = await this.writer.count(marker);
      if (count !== 1) problems.push(`${count} ${noun} ${marker}`);
    }

    return problems;
  }
}

/** Fails unless there is one result per item, keys echoed in input order. */
export function alignment(items: WriteItem[], results: ItemResult[], step: string): void {
  if (results.length !== items.length) {
    fail(`${step}: ${results.length} results for ${items.length} ${items[0]?.kind ?? 'record'}s`);
  }
  items.forEach((item, index) => {
    const key = results[index]?.key;
    if (key !== item.key) {
      fail(
        `${step}: result ${index} has key ${String(key)}, expected ${item.key} (results must follow input order)`,
      );
    }
  });
}
