import type { ErrorCategory, UpsertRecord } from '@libs/connector-sdk';
import type { ConformanceConnection, ConformanceTarget, WriteCall } from '@libs/connector-testkit';
import { salesforceConnector } from '@plugins/salesforce';

import type { Sandbox } from '../index';
import { SALESFORCE_CONNECTED_APP } from './constants';
import { isRecord } from './http';
import type { JournalEntry } from './journal';

const PERSONA = 'Lead';

/** Collections create/update/upsert and single-record create/update: the routes that write. */
const WRITE_ROUTES: ReadonlyArray<{ method: string; path: RegExp }> = [
  { method: 'POST', path: /^\/services\/data\/v[\d.]+\/composite\/sobjects$/ },
  { method: 'PATCH', path: /^\/services\/data\/v[\d.]+\/composite\/sobjects(\/[^/]+\/[^/]+)?$/ },
  { method: 'POST', path: /^\/services\/data\/v[\d.]+\/sobjects\/[^/]+$/ },
  { method: 'PATCH', path: /^\/services\/data\/v[\d.]+\/sobjects\/[^/]+\/[^/]+(\/[^/]+)?$/ },
];

const TOKEN_PATH = '/services/oauth2/token';

function isWrite(entry: JournalEntry): boolean {
  return WRITE_ROUTES.some((route) => route.method === entry.method && route.path.test(entry.path));
}

function writeCall(entry: JournalEntry): WriteCall {
  const body = entry.body;
  const records = isRecord(body) && Array.isArray(body.records) ? body.records.length : 1;

  // A collections call answered 200 may still reject records one by one; >= 400 wrote nothing.
  return { at: Date.parse(entry.time), records, refused: entry.status >= 400 };
}

/**
 * The Salesforce connector paired with the sandbox's Salesforce emulator, for the conformance
 * kit. Leads are the persona; a "write" is an sObject Collections create, which is where the
 * kit's new people land, so error scenarios are armed on that route.
 */
export function salesforceConformance(
  sandbox: Pick<Sandbox, 'url' | 'salesforce'>,
): ConformanceTarget {
  const emulator = sandbox.salesforce;
  const settings = { loginUrl: sandbox.url, matchingStrategy: 'leads_only' };
  const client = {
    clientId: SALESFORCE_CONNECTED_APP.clientId,
    clientSecret: SALESFORCE_CONNECTED_APP.clientSecret,
  };

  const lead = (index: number, values: UpsertRecord['values']): UpsertRecord => {
    const email =
      typeof values.Email === 'string' ? values.Email : `lead.${index}@conformance.example.com`;

    return { key: `lead-${index}`, matchEmail: email, values };
  };

  return {
    definition: salesforceConnector,
    persona: PERSONA,

    async connect(): Promise<ConformanceConnection> {
      return { credentials: { ...client, refreshToken: emulator.grantRefreshToken() }, settings };
    },

    async badCredentials(): Promise<ConformanceConnection> {
      return { credentials: { ...client, refreshToken: '5Aep861NotAGrantOfThisOrg' }, settings };
    },

    validRecord(index) {
      return lead(index, {
        FirstName: 'Conformance',
        LastName: `Lead ${index}`,
        Company: 'Mobly Conformance',
        Email: `lead.${index}@conformance.example.com`,
        Title: 'Buyer',
      });
    },

    invalidRecord(index) {
      const valid = {
        LastName: `Lead ${index}`,
        Company: 'Mobly Conformance',
        Email: `lead.${index}@conformance.example.com`,
      };
      const kinds: Array<{ values: UpsertRecord['values']; category: ErrorCategory }> = [
        {
          values: { ...valid, Email: `lead.${index}-at-conformance.example.com` },
          category: 'DATA_VALUE_VALIDATION',
        },
        { values: { ...valid, LastName: null }, category: 'REQUIRED_FIELD_MISSING' },
        { values: { ...valid, NumberOfEmployees: 'many' }, category: 'DATA_VALUE_VALIDATION' },
      ];
      const kind = kinds[index % kinds.length];

      return { record: lead(index, kind.values), category: kind.category };
    },

    async remoteCount(email) {
      const wanted = email.toLowerCase();

      return emulator
        .records(PERSONA)
        .filter(
          (record) => typeof record.Email === 'string' && record.Email.toLowerCase() === wanted,
        ).length;
    },

    async expireAccessTokens() {
      emulator.expireAccessTokens();
    },

    // The session is still valid for reads; the create that follows answers 401 as if it expired.
    async expireAccessTokenAtNextWrite() {
      emulator.failNext('collections.create', 1, 'INVALID_SESSION_ID');
    },

    // Salesforce has no 429: an exhausted allocation answers 403 REQUEST_LIMIT_EXCEEDED without
    // a Retry-After (usage is reported in Sforce-Limit-Info instead), so no seconds are sent.
    async rateLimitNextWrite() {
      emulator.failNext('collections.create', 1, 'REQUEST_LIMIT_EXCEEDED');
    },
    rateLimitRetryAfter: false,

    errorCases: [
      {
        name: '503 SERVER_UNAVAILABLE',
        arrange: async () => emulator.failNext('collections.create', 1, 'SERVER_UNAVAILABLE'),
        category: 'REMOTE_UNAVAILABLE',
        retryable: true,
      },
      {
        name: '500 UNKNOWN_EXCEPTION',
        arrange: async () => emulator.failNext('collections.create', 1, 'UNKNOWN_EXCEPTION'),
        category: 'REMOTE_UNAVAILABLE',
        retryable: true,
      },
      {
        name: '403 REQUEST_LIMIT_EXCEEDED',
        arrange: async () => emulator.failNext('collections.create', 1, 'REQUEST_LIMIT_EXCEEDED'),
        category: 'RATE_LIMITED',
        retryable: true,
      },
      {
        name: 'UNABLE_TO_LOCK_ROW on the record',
        arrange: async () => emulator.failNext('collections.create', 1, 'UNABLE_TO_LOCK_ROW'),
        category: 'REMOTE_UNAVAILABLE',
        retryable: true,
      },
      {
        name: '401 INVALID_SESSION_ID again after a refresh',
        arrange: async () => emulator.failNext('collections.create', 2, 'INVALID_SESSION_ID'),
        category: 'AUTH_INVALID',
        retryable: false,
      },
      {
        name: 'invalid_grant (grant revoked)',
        arrange: async () => emulator.revokeGrants(),
        category: 'AUTH_INVALID',
        retryable: false,
      },
      {
        name: 'INVALID_FIELD_FOR_INSERT_UPDATE (field made read-only)',
        arrange: async () =>
          emulator.overrideField(PERSONA, 'Title', { createable: false, updateable: false }),
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
      return emulator.journal().filter(isWrite).map(writeCall);
    },

    async reset() {
      emulator.reset();
    },
  };
}
