import type { ErrorCategory, UpsertRecord } from '@mobly/connector-sdk';
// The kit is a test-only dependency of the package, like jest; the connector never loads it.
import type { ConformanceTarget, StartedTarget, WriteCall } from '@mobly/connector-testkit';

import { CONTACT_OBJECT, SAMPLE_VENDOR_API_VERSION } from './constants';
import { sampleVendorConnector } from './definition';
import {
  EMULATOR_CLIENT_ID,
  EMULATOR_CLIENT_SECRET,
  startSampleVendorEmulator,
  type EmulatorJournalEntry,
  type RunningSampleVendorEmulator,
} from './emulator';

/** Length of the emulated `job_title`. */
const JOB_TITLE_LENGTH = 128;

const WRITE_PATH = `/${SAMPLE_VENDOR_API_VERSION}/contacts/batch`;

function email(index: number): string {
  return `lead.${index}@conformance.example.com`;
}

function writeCall(entry: EmulatorJournalEntry): WriteCall {
  // A 200 answer may still reject records one by one; anything else wrote nothing.
  return { at: Date.parse(entry.time), records: entry.records, refused: entry.status >= 300 };
}

/** The connector paired with a running emulator, for the conformance kit. */
export function sampleVendorConformance(
  running: Pick<RunningSampleVendorEmulator, 'url' | 'emulator'>,
): ConformanceTarget {
  const { emulator } = running;
  const settings = { apiUrl: running.url };
  const valid = (index: number): UpsertRecord['values'] => ({
    email: email(index),
    first_name: 'Conformance',
    last_name: `Lead ${index}`,
    company: 'Mobly Conformance',
    job_title: 'Buyer',
  });

  return {
    definition: sampleVendorConnector,
    persona: CONTACT_OBJECT,

    async connect() {
      return {
        credentials: { clientId: EMULATOR_CLIENT_ID, clientSecret: EMULATOR_CLIENT_SECRET },
        settings,
      };
    },

    async badCredentials() {
      return {
        credentials: { clientId: EMULATOR_CLIENT_ID, clientSecret: 'not-this-clients-secret' },
        settings,
      };
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
      return emulator.countByEmail(address);
    },

    async expireAccessTokens() {
      emulator.expireTokens();
    },

    async expireAccessTokenAtNextWrite() {
      emulator.failNext('contacts', 1, 'token_expired');
    },

    async rateLimitNextWrite(retryAfterSeconds) {
      emulator.failNext('contacts', 1, 'rate_limited', { retryAfterSeconds });
    },

    errorCases: [
      {
        name: '503 unavailable',
        arrange: async () => emulator.failNext('contacts', 1, 'unavailable'),
        category: 'REMOTE_UNAVAILABLE',
        retryable: true,
      },
      {
        name: '500 internal_error',
        arrange: async () => emulator.failNext('contacts', 1, 'server_error'),
        category: 'REMOTE_UNAVAILABLE',
        retryable: true,
      },
      {
        name: '429 rate_limited',
        arrange: async () => emulator.failNext('contacts', 1, 'rate_limited'),
        category: 'RATE_LIMITED',
        retryable: true,
      },
      {
        name: '403 forbidden',
        arrange: async () => emulator.failNext('contacts', 1, 'forbidden'),
        category: 'PERMISSION_DENIED',
        retryable: false,
      },
      {
        name: '401 invalid_client (client secret rotated)',
        arrange: async () => emulator.revokeClient(),
        category: 'AUTH_INVALID',
        retryable: false,
      },
    ],

    async tokenCalls() {
      return emulator.journal().filter((entry) => entry.path === '/oauth/token').length;
    },

    async writeCalls() {
      return emulator
        .journal()
        .filter((entry) => entry.method === 'POST' && entry.path === WRITE_PATH)
        .map(writeCall);
    },

    async reset() {
      emulator.reset();
    },
  };
}

/**
 * Starts an emulator of its own and pairs it with the connector. `npm run conformance -- <id>`
 * finds a plugin's target by this export.
 */
export async function startConformance(): Promise<StartedTarget> {
  const running = await startSampleVendorEmulator({ port: 0 });

  return { target: sampleVendorConformance(running), stop: () => running.close() };
}
