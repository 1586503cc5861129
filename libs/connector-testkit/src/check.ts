import {
  ERROR_CATEGORIES,
  isConnectorError,
  type ConnectorClient,
  type ConnectorDefinition,
  type Credentials,
  type NormalisedError,
  type UpsertRecord,
  type UpsertResult,
} from '@libs/connector-sdk';

import type { CheckId } from './report';
import type { ConformanceConnection, ConformanceTarget } from './target';

/** Ends a check as failed; the message is the reason shown in the report. */
export class CheckFailure extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'CheckFailure';
  }
}

export function fail(reason: string): never {
  throw new CheckFailure(reason);
}

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
  /** Why the check does not apply to this connector; undefined when it does. */
  whyNotApplicable?(definition: ConnectorDefinition): string | undefined;
  run(context: CheckContext): Promise<Verdict>;
}

/** A client connected to the emulator, and every credential set it reported to the host. */
export interface Connected {
  connection: ConformanceConnection;
  client: ConnectorClient;
  reported: Credentials[];
}

/** The outcome of one upsert call: per-record results, or the error of the whole call. */
export type WriteOutcome =
  { thrown: false; results: UpsertResult[] } | { thrown: true; error: NormalisedError };

/** Notify-only connectors (Slack) have no persona to upsert. */
export function upsertNotApplicable(definition: ConnectorDefinition): string | undefined {
  const { capabilities } = definition;
  const hasPersona = capabilities.objects.some((object) => object.role === 'persona');
  if (capabilities.notify && !capabilities.batchUpsert && !hasPersona) {
    return 'notify-only connector: no persona to upsert';
  }

  return undefined;
}

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

/** Runs one check against a target: fresh emulator state, fresh clients, records keyed by check. */
export class CheckContext {
  constructor(
    readonly target: ConformanceTarget,
    private readonly check: CheckId,
  ) {}

  get definition(): ConnectorDefinition {
    return this.target.definition;
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

  /** The target's valid record `index`, keyed `<check>:<index>`; it must carry a match email. */
  validRecord(index: number): UpsertRecord & { matchEmail: string } {
    const record = this.target.validRecord(index);
    const email = record.matchEmail;
    if (!email) fail(`validRecord(${index}) has no matchEmail to count remote records by`);

    return { ...record, key: this.key(index), matchEmail: email };
  }

  validRecords(first: number, count: number): Array<UpsertRecord & { matchEmail: string }> {
    return Array.from({ length: count }, (_, offset) => this.validRecord(first + offset));
  }

  key(index: number): string {
    return `${this.check}:${index}`;
  }

  /** Upserts the persona; a thrown `ConnectorError` is an outcome, anything else fails the check. */
  async write(connected: Connected, records: UpsertRecord[]): Promise<WriteOutcome> {
    try {
      const results = await connected.client.upsert(this.target.persona, records);

      return { thrown: false, results };
    } catch (error) {
      if (isConnectorError(error)) return { thrown: true, error: error.error };

      return fail(`upsert threw ${describeThrown(error)} instead of a ConnectorError`);
    }
  }

  /** Upserts records that must all be written; fails the check on anything else. */
  async writeAll(
    connected: Connected,
    records: UpsertRecord[],
    step: string,
  ): Promise<Array<Extract<UpsertResult, { ok: true }>>> {
    const outcome = await this.write(connected, records);
    if (outcome.thrown) fail(`${step}: upsert failed as ${formatError(outcome.error)}`);
    alignment(records, outcome.results, step);

    return outcome.results.map((result) => {
      if (!result.ok) fail(`${step}: ${result.key} failed as ${formatError(result.error)}`);

      return result;
    });
  }

  /** Remote persona records per email, and the emails that do not have exactly one. */
  async duplicates(emails: string[]): Promise<string[]> {
    const problems: string[] = [];
    for (const email of emails) {
      const count = await this.target.remoteCount(email);
      if (count !== 1) problems.push(`${count} remote records carry ${email}`);
    }

    return problems;
  }
}

/** Fails unless there is one result per record, keys echoed in input order. */
export function alignment(records: UpsertRecord[], results: UpsertResult[], step: string): void {
  if (!Array.isArray(results)) fail(`${step}: upsert returned no result list`);
  if (results.length !== records.length) {
    fail(`${step}: ${results.length} results for ${records.length} records`);
  }
  records.forEach((record, index) => {
    const key = results[index]?.key;
    if (key !== record.key) {
      fail(
        `${step}: result ${index} has key ${String(key)}, expected ${record.key} (results must follow input order)`,
      );
    }
  });
}
