import type { ErrorCategory, UpsertRecord } from '@mobly/connector-sdk';
// The kit is a test-only dependency of the package, like jest; the connector never loads it.
import type { ConformanceTarget, StartedTarget, WriteCall } from '@mobly/connector-testkit';

import { LEAD_OBJECT } from './constants';
import { webhookConnector } from './definition';
import {
  startWebhookReceiver,
  type ReceiverJournalEntry,
  type RunningWebhookReceiver,
} from './emulator';

/** Length of the receiver's `job_title`. */
const JOB_TITLE_LENGTH = 128;

function isWrite(entry: ReceiverJournalEntry): boolean {
  return entry.method === 'POST' && entry.path.endsWith('/leads');
}

function writeCall(entry: ReceiverJournalEntry): WriteCall {
  // A 2xx answer may still reject records one by one; anything else wrote nothing.
  return { at: Date.parse(entry.time), records: entry.records, refused: entry.status >= 300 };
}

function email(index: number): string {
  return `lead.${index}@conformance.example.com`;
}

/** The webhook connector paired with a running receiver, for the conformance kit. */
export function webhookConformance(
  running: Pick<RunningWebhookReceiver, 'endpointUrl' | 'receiver'>,
): ConformanceTarget {
  const { receiver } = running;
  const settings = { endpointUrl: running.endpointUrl };
  const valid = (index: number): UpsertRecord['values'] => ({
    email: email(index),
    first_name: 'Conformance',
    last_name: `Lead ${index}`,
    company: 'Mobly Conformance',
    job_title: 'Buyer',
  });

  return {
    definition: webhookConnector,
    persona: LEAD_OBJECT,

    async connect() {
      return { credentials: { signingSecret: receiver.secret }, settings };
    },

    async badCredentials() {
      return { credentials: { signingSecret: 'whsec_not_this_receivers_secret' }, settings };
    },

    validRecord(index) {
      return { key: `lead-${index}`, matchEmail: email(index), values: valid(index) };
    },

    invalidRecord(index) {
      const kinds: Array<{ values: UpsertRecord['values']; category: ErrorCategory }> = [
        {
          values: { ...valid(index), email: `lead.${index}-at-conformance.example.com` },
          category: 'DATA_VALUE_VALIDATION',
        },
        {
          values: { ...valid(index), job_title: 'T'.repeat(JOB_TITLE_LENGTH + 1) },
          category: 'DATA_VALUE_VALIDATION',
        },
        { values: { ...valid(index), shoe_size: 44 }, category: 'MISSING_REMOTE_FIELD' },
        { values: { ...valid(index), email: null }, category: 'REQUIRED_FIELD_MISSING' },
      ];
      const kind = kinds[index % kinds.length];

      return { record: { key: `lead-${index}`, values: kind.values }, category: kind.category };
    },

    async remoteCount(address) {
      return receiver.countByEmail(address);
    },

    // A signing secret is not a token: nothing expires on its own (the kit skips the check).
    async expireAccessTokens() {},

    async rateLimitNextWrite(retryAfterSeconds) {
      receiver.failNext('leads', 1, 'rate_limited', { retryAfterSeconds });
    },

    errorCases: [
      {
        name: '503 unavailable',
        arrange: async () => receiver.failNext('leads', 1, 'unavailable'),
        category: 'REMOTE_UNAVAILABLE',
        retryable: true,
      },
      {
        name: '500 internal_error',
        arrange: async () => receiver.failNext('leads', 1, 'server_error'),
        category: 'REMOTE_UNAVAILABLE',
        retryable: true,
      },
      {
        name: '502 with an HTML body',
        arrange: async () => receiver.failNext('leads', 1, 'bad_gateway'),
        category: 'REMOTE_UNAVAILABLE',
        retryable: true,
      },
      {
        name: '429 rate_limited',
        arrange: async () => receiver.failNext('leads', 1, 'rate_limited'),
        category: 'RATE_LIMITED',
        retryable: true,
      },
      {
        name: '401 secret_expired',
        arrange: async () => receiver.failNext('leads', 1, 'secret_expired'),
        category: 'AUTH_INVALID',
        retryable: false,
      },
      {
        name: '401 invalid_signature (secret rotated by the receiver)',
        arrange: async () => receiver.setSecret('whsec_rotated_by_the_customer'),
        category: 'AUTH_INVALID',
        retryable: false,
      },
    ],

    async tokenCalls() {
      return 0;
    },

    async writeCalls() {
      return receiver.journal().filter(isWrite).map(writeCall);
    },

    async reset() {
      receiver.reset();
    },
  };
}

/** Starts a receiver of its own and pairs it with the connector (for `describeConformance`). */
export async function startWebhookConformance(): Promise<StartedTarget> {
  const running = await startWebhookReceiver({ port: 0 });

  return { target: webhookConformance(running), stop: () => running.close() };
}
