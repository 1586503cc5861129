import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import {
  ConnectorError,
  defineConnector,
  parseRetryAfter,
  SDK_VERSION,
  type ConnectorDefinition,
  type UpsertRecord,
  type UpsertResult,
} from '@libs/connector-sdk';
import {
  formatReport,
  runConformance,
  type ConformanceTarget,
  type WriteCall,
} from '@libs/connector-testkit';

/*
 * Salesforce sends no Retry-After (its limit answer is 403 REQUEST_LIMIT_EXCEEDED), so these
 * tests prove the Retry-After check on a minimal contacts API that answers 429 with one. The
 * vendor and its connector implement what that check exercises: a batch upsert by email.
 */

interface Contact {
  id: string;
  email: string;
}

/** A contacts API: `POST /contacts/batch` upserts by email, or answers 429 when told to. */
class ContactsApi {
  readonly contacts = new Map<string, Contact>();
  readonly writes: WriteCall[] = [];
  private rateLimitSeconds: number | undefined;
  private server: Server | undefined;

  async start(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening on TCP');

    return `http://127.0.0.1:${address.port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server?.close((error) => (error ? reject(error) : resolve()));
      this.server?.closeAllConnections();
    });
  }

  rateLimitNext(seconds: number): void {
    this.rateLimitSeconds = seconds;
  }

  reset(): void {
    this.contacts.clear();
    this.writes.length = 0;
    this.rateLimitSeconds = undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.from(chunk));
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    const emails = emailsOf(body);
    const at = Date.now();

    if (this.rateLimitSeconds !== undefined) {
      res.writeHead(429, {
        'content-type': 'application/json',
        'retry-after': `${this.rateLimitSeconds}`,
      });
      res.end(JSON.stringify({ error: 'rate_limited' }));
      this.rateLimitSeconds = undefined;
      this.writes.push({ at, records: emails.length, refused: true });

      return;
    }
    const results = emails.map((email) => {
      const known = this.contacts.get(email);
      if (known) return { id: known.id, created: false };
      const contact = { id: `c${this.contacts.size + 1}`, email };
      this.contacts.set(email, contact);

      return { id: contact.id, created: true };
    });
    this.writes.push({ at, records: emails.length, refused: false });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ results }));
  }
}

function emailsOf(body: unknown): string[] {
  if (typeof body !== 'object' || body === null || !('contacts' in body)) return [];
  const contacts: unknown = body.contacts;
  if (!Array.isArray(contacts)) return [];

  return contacts.flatMap((contact: unknown) =>
    typeof contact === 'object' && contact !== null && 'email' in contact
      ? [String(contact.email)]
      : [],
  );
}

function idsOf(body: unknown): Array<{ id: string; created: boolean }> {
  if (typeof body !== 'object' || body === null || !('results' in body)) return [];
  const results: unknown = body.results;
  if (!Array.isArray(results)) return [];

  return results.map((result: unknown) => ({
    id: typeof result === 'object' && result !== null && 'id' in result ? String(result.id) : '',
    created:
      typeof result === 'object' &&
      result !== null &&
      'created' in result &&
      result.created === true,
  }));
}

/** What the connector does with a 429: report the wait, wait it out, drop it, or retry at once. */
type RateLimitHandling = 'report' | 'wait' | 'drop' | 'retry-at-once';

function contactsConnector(handling: RateLimitHandling): ConnectorDefinition {
  return defineConnector({
    id: `contacts-${handling}`,
    displayName: 'Contacts API',
    category: 'crm',
    version: '1.0.0',
    sdkVersion: `^${SDK_VERSION}`,
    auth: {
      scheme: 'api_key',
      fields: [{ name: 'apiKey', label: 'API key', secret: true, required: true }],
    },
    settings: [{ name: 'baseUrl', label: 'API base URL', secret: false, required: true }],
    capabilities: {
      objects: [{ name: 'contact', label: 'Contact', role: 'persona' }],
      batchUpsert: true,
      campaigns: false,
      notify: false,
    },
    limits: { maxBatchSize: 10 },
    recommendedMappings: () => undefined,
    create: ({ credentials, settings }) => {
      const post = (records: UpsertRecord[]) =>
        fetch(`${settings.baseUrl}/contacts/batch`, {
          method: 'POST',
          headers: { authorization: `Bearer ${credentials.apiKey}` },
          body: JSON.stringify({
            contacts: records.map((record) => ({ email: record.matchEmail })),
          }),
        });

      return {
        testConnection: async () => ({ ok: true }),
        refreshCredentials: async () => credentials,
        describe: async (object) => ({ object, fields: [] }),
        upsert: async (object, records): Promise<UpsertResult[]> => {
          let response = await post(records);
          if (response.status === 429 && handling !== 'report' && handling !== 'drop') {
            const waitMs =
              handling === 'wait' ? parseRetryAfter(response.headers.get('retry-after')) : 0;
            await new Promise((resolve) => setTimeout(resolve, waitMs));
            response = await post(records);
          }
          if (response.status === 429) {
            const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
            throw new ConnectorError({
              category: 'RATE_LIMITED',
              vendorCode: '429',
              vendorMessage: await response.text(),
              ...(handling === 'report' ? { retryAfterMs } : {}),
            });
          }
          const ids = idsOf(await response.json());

          return records.map((record, index) => ({
            key: record.key,
            ok: true,
            remoteId: ids[index].id,
            action: ids[index].created ? 'created' : 'updated',
            object,
          }));
        },
      };
    },
  });
}

function contactsTarget(
  api: ContactsApi,
  baseUrl: string,
  handling: RateLimitHandling,
): ConformanceTarget {
  const connection = { credentials: { apiKey: 'key' }, settings: { baseUrl } };

  return {
    definition: contactsConnector(handling),
    persona: 'contact',
    connect: async () => connection,
    badCredentials: async () => ({ ...connection, credentials: { apiKey: 'wrong' } }),
    validRecord: (index) => ({
      key: `contact-${index}`,
      matchEmail: `contact.${index}@example.com`,
      values: { email: `contact.${index}@example.com` },
    }),
    invalidRecord: (index) => ({
      record: { key: `contact-${index}`, values: {} },
      category: 'REQUIRED_FIELD_MISSING',
    }),
    remoteCount: async (email) => (api.contacts.has(email) ? 1 : 0),
    expireAccessTokens: async () => undefined,
    rateLimitNextWrite: async (seconds) => api.rateLimitNext(seconds),
    errorCases: [],
    tokenCalls: async () => 0,
    writeCalls: async () => [...api.writes],
    reset: async () => api.reset(),
  };
}

describe('the Retry-After check against a vendor that sends Retry-After', () => {
  const api = new ContactsApi();
  let baseUrl: string;

  beforeAll(async () => {
    baseUrl = await api.start();
  });

  afterAll(async () => {
    await api.stop();
  });

  async function retryAfterCheck(handling: RateLimitHandling) {
    const report = await runConformance(contactsTarget(api, baseUrl, handling), {
      only: ['retry-after'],
    });

    return { report, check: report.checks[0], table: formatReport(report) };
  }

  it('passes a connector that reports the vendor wait as retryAfterMs', async () => {
    const { report, check } = await retryAfterCheck('report');

    expect(report.passed).toBe(true);
    expect(check.reason).toBe('RATE_LIMITED, retryable, retryAfterMs 2000 as the vendor said');
  });

  it('passes a connector that waits out Retry-After itself and writes again', async () => {
    const { report, check } = await retryAfterCheck('wait');

    expect(report.passed).toBe(true);
    expect(check.reason).toMatch(/^waited \d+ ms \(Retry-After 2 s\) and wrote again$/);
  });

  it('fails a connector that drops the vendor wait from its error', async () => {
    const { report, check, table } = await retryAfterCheck('drop');

    expect(report.passed).toBe(false);
    expect(check.reason).toBe(
      'reported retryAfterMs undefined, the vendor said Retry-After 2 s (2000 ms)',
    );
    expect(table).toMatch(/^FAIL +honours Retry-After +reported retryAfterMs undefined/m);
  });

  it('fails a connector that retries at once instead of waiting', async () => {
    const { report, check, table } = await retryAfterCheck('retry-at-once');

    expect(report.passed).toBe(false);
    expect(check.reason).toMatch(
      /^wrote again after \d+ ms although the vendor said Retry-After 2 s$/,
    );
    expect(table).toMatch(/^FAIL +honours Retry-After +wrote again after/m);
  });
});
