import type { ErrorCategory, UpsertRecord } from '@libs/connector-sdk';
import type { ConformanceConnection, ConformanceTarget, WriteCall } from '@libs/connector-testkit';
import { hubspotConnector } from '@plugins/hubspot';

import type { Sandbox } from '../index';
import { isRecord } from './http';
import type { HubSpotJournalEntry } from './journal';
import { isWriteRoute } from './scenarios';

const PERSONA = 'contacts';
const TOKEN_PATH = '/oauth/v1/token';

function writeCall(entry: HubSpotJournalEntry): WriteCall {
  const body = entry.body;
  const records = Array.isArray(body)
    ? body.length
    : isRecord(body) && Array.isArray(body.inputs)
      ? body.inputs.length
      : 1;

  // A 207 may still reject inputs one by one; >= 400 wrote nothing.
  return { at: Date.parse(entry.time), records, refused: entry.status >= 400 };
}

function contact(index: number, values: UpsertRecord['values']): UpsertRecord {
  const email =
    typeof values.email === 'string' ? values.email : `contact.${index}@conformance.example.com`;

  return { key: `contact-${index}`, matchEmail: email, values };
}

/**
 * The HubSpot connector paired with the sandbox's HubSpot emulator, for the conformance kit.
 * Contacts are the persona; new contacts are written by batch upsert by email, so error
 * scenarios are armed on every CRM write (`crm.write`).
 */
export function hubspotConformance(sandbox: Pick<Sandbox, 'url' | 'hubspot'>): ConformanceTarget {
  const emulator = sandbox.hubspot;
  const settings = { baseUrl: sandbox.url };

  return {
    definition: hubspotConnector,
    persona: PERSONA,

    async connect(): Promise<ConformanceConnection> {
      const { clientId, clientSecret, refreshToken, accessToken, expiresAt } = emulator.grant();

      return {
        credentials: { clientId, clientSecret, refreshToken, accessToken, expiresAt },
        settings,
      };
    },

    async badCredentials(): Promise<ConformanceConnection> {
      const { clientId, clientSecret } = emulator.grant();

      return {
        credentials: { clientId, clientSecret, refreshToken: '00000000-not-a-refresh-token' },
        settings,
      };
    },

    validRecord(index) {
      return contact(index, {
        email: `contact.${index}@conformance.example.com`,
        firstname: 'Conformance',
        lastname: `Contact ${index}`,
        jobtitle: 'Buyer',
        company: 'Mobly Conformance',
      });
    },

    invalidRecord(index) {
      const valid = {
        email: `contact.${index}@conformance.example.com`,
        lastname: `Contact ${index}`,
      };
      const kinds: Array<{ values: UpsertRecord['values']; category: ErrorCategory }> = [
        { values: { ...valid, lifecyclestage: 'Not a stage' }, category: 'DATA_VALUE_VALIDATION' },
        { values: { ...valid, hs_conformance_score: '12' }, category: 'MISSING_REMOTE_FIELD' },
        {
          values: { ...valid, email: `contact.${index}-at-conformance.example.com` },
          category: 'DATA_VALUE_VALIDATION',
        },
      ];
      const kind = kinds[index % kinds.length];

      return { record: contact(index, kind.values), category: kind.category };
    },

    async remoteCount(email) {
      const wanted = email.toLowerCase();

      return emulator
        .records(PERSONA)
        .filter((record) => record.properties.email?.toLowerCase() === wanted).length;
    },

    async expireAccessTokens() {
      emulator.expireAccessTokens();
    },

    async expireAccessTokenAtNextWrite() {
      emulator.expireAccessTokensAtNextWrite();
    },

    async rateLimitNextWrite(retryAfterSeconds) {
      emulator.failNext('crm.write', 1, 'TEN_SECONDLY_ROLLING', { retryAfterSeconds });
    },

    errorCases: [
      {
        name: '429 TEN_SECONDLY_ROLLING',
        arrange: async () => emulator.failNext('crm.write', 1, 'TEN_SECONDLY_ROLLING'),
        category: 'RATE_LIMITED',
        retryable: true,
      },
      {
        name: '429 DAILY',
        arrange: async () => emulator.failNext('crm.write', 1, 'DAILY'),
        category: 'RATE_LIMITED',
        retryable: true,
      },
      {
        name: '500 internal error',
        arrange: async () => emulator.failNext('crm.write', 1, 'INTERNAL_ERROR'),
        category: 'REMOTE_UNAVAILABLE',
        retryable: true,
      },
      {
        name: '502 from Cloudflare (text/html)',
        arrange: async () => emulator.failNext('crm.write', 1, 'BAD_GATEWAY'),
        category: 'REMOTE_UNAVAILABLE',
        retryable: true,
      },
      {
        name: '423 locked',
        arrange: async () => emulator.failNext('crm.write', 1, 'LOCKED'),
        category: 'REMOTE_UNAVAILABLE',
        retryable: true,
      },
      {
        name: '477 migration in progress',
        arrange: async () => emulator.failNext('crm.write', 1, 'MIGRATION_IN_PROGRESS'),
        category: 'REMOTE_UNAVAILABLE',
        retryable: true,
      },
      {
        name: '403 MISSING_SCOPES',
        arrange: async () => emulator.failNext('crm.write', 1, 'MISSING_SCOPES'),
        category: 'PERMISSION_DENIED',
        retryable: false,
      },
      {
        name: '409 CONFLICT',
        arrange: async () => emulator.failNext('crm.write', 1, 'CONFLICT'),
        category: 'DUPLICATE_BLOCKED',
        retryable: false,
      },
      {
        name: '401 INVALID_AUTHENTICATION again after a refresh',
        arrange: async () => emulator.failNext('crm.write', 2, 'INVALID_AUTHENTICATION'),
        category: 'AUTH_INVALID',
        retryable: false,
      },
      {
        name: 'BAD_REFRESH_TOKEN (app uninstalled)',
        arrange: async () => emulator.revokeGrants(),
        category: 'AUTH_INVALID',
        retryable: false,
      },
      {
        name: 'READ_ONLY_VALUE (property made read-only)',
        arrange: async () =>
          emulator.overrideProperty(PERSONA, 'jobtitle', { readOnlyValue: true }),
        category: 'MISSING_REMOTE_FIELD',
        retryable: false,
      },
    ],

    async tokenCalls() {
      return emulator
        .journal()
        .filter((entry) => entry.method === 'POST' && entry.path === TOKEN_PATH).length;
    },

    async writeCalls() {
      return emulator
        .journal()
        .filter((entry) => entry.route !== undefined && isWriteRoute(entry.route))
        .map(writeCall);
    },

    async reset() {
      emulator.reset();
    },
  };
}
