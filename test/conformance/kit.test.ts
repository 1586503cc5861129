import '@app/sandbox/unset-proxy-env';

import { salesforceConformance, startSandbox, type Sandbox } from '@app/sandbox';
import {
  ConnectorError,
  isConnectorError,
  type ConnectorClient,
  type ConnectorDefinition,
  type UpsertRecord,
  type UpsertResult,
} from '@libs/connector-sdk';
import {
  describeConformance,
  formatReport,
  runConformance,
  type CheckId,
  type CheckResult,
} from '@libs/connector-testkit';
import { salesforceConnector } from '@plugins/salesforce';

import { expectFailedCheck, forwardingClient } from '../support/broken-connectors';

describeConformance('salesforce', async () => {
  const sandbox = await startSandbox({ port: 0 });

  return { target: salesforceConformance(sandbox), stop: () => sandbox.close() };
});

/** The real Salesforce connector, with some of its client's operations replaced. */
function brokenSalesforce(
  replace: (client: ConnectorClient) => Partial<ConnectorClient>,
  definition: Partial<ConnectorDefinition> = {},
): ConnectorDefinition {
  return {
    ...salesforceConnector,
    ...definition,
    create: (context) => {
      const client = salesforceConnector.create(context);

      return { ...forwardingClient(client), ...replace(client) };
    },
  };
}

describe('runConformance against deliberately broken Salesforce connectors', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
  });

  afterAll(async () => {
    await sandbox.close();
  });

  /** Runs the whole kit; expects the report to fail `id`, and the table to show it failed. */
  async function failedCheck(definition: ConnectorDefinition, id: CheckId): Promise<CheckResult> {
    const report = await runConformance({ ...salesforceConformance(sandbox), definition });

    return expectFailedCheck(report, id);
  }

  it('passes the unchanged connector on every check', async () => {
    const report = await runConformance(salesforceConformance(sandbox));

    expect(report.checks.filter((check) => check.status !== 'pass')).toEqual([]);
    expect(report.passed).toBe(true);
    expect(formatReport(report)).toContain('11 checks: 11 passed, 0 failed, 0 not applicable');
  });

  it('fails result order when the connector returns its results reversed', async () => {
    const reversed = brokenSalesforce((client) => ({
      upsert: async (object, records) => (await client.upsert(object, records)).reverse(),
    }));

    const check = await failedCheck(reversed, 'result-order');

    expect(check.title).toBe('returns results in input order');
    expect(check.reason).toMatch(
      /: result 0 has key result-order:\d+, expected result-order:\d+ \(results must follow input order\)$/,
    );
  });

  it('fails the mixed batch when a validation error gets the wrong category', async () => {
    const unknownValidation = (result: UpsertResult): UpsertResult =>
      !result.ok && result.error.category === 'DATA_VALUE_VALIDATION'
        ? { ...result, error: { ...result.error, category: 'UNKNOWN' } }
        : result;
    const miscategorised = brokenSalesforce((client) => ({
      upsert: async (object, records) =>
        (await client.upsert(object, records)).map(unknownValidation),
    }));

    const check = await failedCheck(miscategorised, 'partial-batch');

    expect(check.title).toBe('writes the good records of a batch that holds bad ones');
    expect(check.reason).toContain(
      'bad record partial-batch:3 failed as UNKNOWN (INVALID_EMAIL_ADDRESS: Email: invalid email address: lead.3-at-conformance.example.com; retryable false), expected DATA_VALUE_VALIDATION',
    );
  });

  it('fails error cases and Retry-After when a rate limit is reported as permanent', async () => {
    const permanentRateLimit = brokenSalesforce((client) => ({
      upsert: async (object, records) => {
        try {
          return await client.upsert(object, records);
        } catch (error) {
          if (!isConnectorError(error) || error.category !== 'RATE_LIMITED') throw error;
          throw new ConnectorError({ ...error.error, retryable: false });
        }
      },
    }));

    const retryAfter = await failedCheck(permanentRateLimit, 'retry-after');
    const errorCases = await failedCheck(permanentRateLimit, 'error-cases');

    expect(retryAfter.reason).toBe(
      'reported RATE_LIMITED (REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.; retryable false), expected RATE_LIMITED and retryable',
    );
    expect(errorCases.reason).toBe(
      '403 REQUEST_LIMIT_EXCEEDED: reported RATE_LIMITED (REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.; retryable false), expected RATE_LIMITED with retryable true',
    );
  });

  it('fails replay when the connector creates instead of matching the replayed people', async () => {
    const withoutMatching = ({ matchEmail: _ignored, ...record }: UpsertRecord) => record;
    const duplicating = brokenSalesforce((client) => ({
      upsert: (object, records) => client.upsert(object, records.map(withoutMatching)),
    }));

    const check = await failedCheck(duplicating, 'replay');

    expect(check.title).toBe('creates no duplicate when a batch is replayed');
    expect(check.reason).toMatch(/^replayed replay:0 answered \w+, first delivery \w+;/);
    expect(check.reason).toContain('2 remote records carry lead.0@conformance.example.com');
  });

  it('fails the token check when the connector refreshes before every batch', async () => {
    const eager = brokenSalesforce((client) => ({
      upsert: async (object, records) => {
        await client.refreshCredentials();

        return client.upsert(object, records);
      },
    }));

    const check = await failedCheck(eager, 'token-refresh');

    expect(check.reason).toBe(
      'token expired mid-batch: 2 token requests for one expiry, expected 1',
    );
  });

  it('fails the limits check when a write carries more records than the declared batch size', async () => {
    const oversized = brokenSalesforce(() => ({}), {
      limits: { ...salesforceConnector.limits, maxBatchSize: 100 },
    });

    const check = await failedCheck(oversized, 'limits');

    expect(check.reason).toBe('a write call carried 200 records; the declared maxBatchSize is 100');
  });

  it('fails bad credentials when the refusal is not reported as AUTH_INVALID', async () => {
    const vague = brokenSalesforce((client) => ({
      testConnection: async () => {
        const result = await client.testConnection();

        return result.error
          ? { ...result, error: { ...result.error, category: 'UNKNOWN' } }
          : result;
      },
    }));

    const check = await failedCheck(vague, 'bad-credentials');

    expect(check.reason).toBe(
      'testConnection reported UNKNOWN (invalid_grant: expired access/refresh token; retryable false), expected AUTH_INVALID',
    );
  });
});
