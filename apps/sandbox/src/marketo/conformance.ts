import type { ErrorCategory, UpsertRecord } from '@libs/connector-sdk';
import type { ConformanceConnection, ConformanceTarget, WriteCall } from '@libs/connector-testkit';
import { LEADS_OBJECT, marketoConnector } from '@plugins/marketo';

import type { Sandbox } from '../index';
import { rateLimitMessage, type ResponseErrorCode } from './envelope';
import type { JournalEntry } from './journal';

function emailOf(index: number): string {
  return `lead.${index}+conformance@mobly.example`;
}

function writeCall(entry: JournalEntry): WriteCall {
  const body: unknown = entry.body;
  const input =
    typeof body === 'object' && body !== null && 'input' in body ? body.input : undefined;

  // A call answered with a response-level error (or an HTTP error) executed nothing.
  return {
    at: Date.parse(entry.time),
    records: Array.isArray(input) ? input.length : 0,
    refused: entry.errorCode !== undefined || entry.status >= 400,
  };
}

/**
 * The Marketo connector paired with the sandbox's Marketo emulator, for the conformance kit.
 * Leads are the persona; a "write" is a Sync Leads call, so error scenarios are armed on it.
 * Emails carry a plus sign so every check also proves the filter encoding.
 */
export function marketoConformance(sandbox: Pick<Sandbox, 'url' | 'marketo'>): ConformanceTarget {
  const emulator = sandbox.marketo;
  const settings = emulator.baseUrls(sandbox.url);

  const lead = (index: number, values: UpsertRecord['values']): UpsertRecord => ({
    key: `lead-${index}`,
    matchEmail: emailOf(index),
    values: { email: emailOf(index), ...values },
  });
  const onNextWrite =
    (code: ResponseErrorCode, count = 1) =>
    async () =>
      emulator.failNext('leads.sync', count, code);

  return {
    definition: marketoConnector,
    persona: LEADS_OBJECT,

    async connect(): Promise<ConformanceConnection> {
      return { credentials: emulator.credentials(), settings };
    },

    async badCredentials(): Promise<ConformanceConnection> {
      return {
        credentials: { ...emulator.credentials(), clientSecret: 'NotTheSecretOfThisService' },
        settings,
      };
    },

    validRecord(index) {
      return lead(index, {
        firstName: 'Conformance',
        lastName: `Lead ${index}`,
        company: 'Mobly Conformance',
        title: 'Buyer',
      });
    },

    invalidRecord(index) {
      const valid = { lastName: `Lead ${index}`, company: 'Mobly Conformance' };
      const kinds: Array<{ values: UpsertRecord['values']; category: ErrorCategory }> = [
        { values: { ...valid, boolean_field: 'maybe' }, category: 'DATA_VALUE_VALIDATION' },
        { values: { ...valid, email_field: 'bademail' }, category: 'DATA_VALUE_VALIDATION' },
        { values: { ...valid, moblyUnknownField: 'x' }, category: 'MISSING_REMOTE_FIELD' },
      ];
      const kind = kinds[index % kinds.length];

      return { record: lead(index, kind.values), category: kind.category };
    },

    async remoteCount(email) {
      const wanted = email.toLowerCase();

      return emulator
        .leads()
        .filter((item) => typeof item.email === 'string' && item.email.toLowerCase() === wanted)
        .length;
    },

    async expireAccessTokens() {
      emulator.expireAccessTokens();
    },

    // Marketo answers an expired token with HTTP 200 and 602; the armed switch also expires it.
    expireAccessTokenAtNextWrite: onNextWrite('602'),

    // 606 names its window in the message; the connector waits that long.
    async rateLimitNextWrite(retryAfterSeconds) {
      emulator.failNext('leads.sync', 1, '606', {
        message: rateLimitMessage(emulator.settings().rateLimitCalls, retryAfterSeconds),
      });
    },

    errorCases: [
      {
        name: '606 rate window',
        arrange: onNextWrite('606'),
        category: 'RATE_LIMITED',
        retryable: true,
      },
      {
        name: '607 daily quota',
        arrange: onNextWrite('607'),
        category: 'RATE_LIMITED',
        retryable: true,
      },
      {
        name: '615 concurrent access limit',
        arrange: onNextWrite('615'),
        category: 'RATE_LIMITED',
        retryable: true,
      },
      {
        name: '604 request timed out',
        arrange: onNextWrite('604'),
        category: 'REMOTE_UNAVAILABLE',
        retryable: true,
      },
      {
        name: '608 API temporarily unavailable',
        arrange: onNextWrite('608'),
        category: 'REMOTE_UNAVAILABLE',
        retryable: true,
      },
      {
        name: '611 system error',
        arrange: onNextWrite('611'),
        category: 'REMOTE_UNAVAILABLE',
        retryable: true,
      },
      {
        name: '713 transient error',
        arrange: onNextWrite('713'),
        category: 'REMOTE_UNAVAILABLE',
        retryable: true,
      },
      {
        name: '603 access denied',
        arrange: onNextWrite('603'),
        category: 'PERMISSION_DENIED',
        retryable: false,
      },
      {
        name: '602 again after re-authenticating',
        arrange: onNextWrite('602', 2),
        category: 'AUTH_INVALID',
        retryable: false,
      },
      {
        name: '601 again after re-authenticating',
        arrange: onNextWrite('601', 2),
        category: 'AUTH_INVALID',
        retryable: false,
      },
      {
        name: '401 invalid_client (client secret reset)',
        arrange: async () => emulator.failNext('identity', 1, 'invalid_client'),
        category: 'AUTH_INVALID',
        retryable: false,
      },
    ],

    async tokenCalls() {
      return emulator.journal().filter((entry) => entry.route === 'identity').length;
    },

    async writeCalls() {
      return emulator
        .journal()
        .filter((entry) => entry.route === 'leads.sync')
        .map(writeCall);
    },

    async reset() {
      emulator.reset();
    },
  };
}
