import {
  ConnectorError,
  defineConnector,
  SDK_VERSION,
  type ConnectorClient,
  type ConnectorDefinition,
} from '@libs/connector-sdk';

import { CONFORMANCE_CHECKS } from './checks';
import { peakCalls } from './checks/limits';
import { CHECK_IDS } from './report';
import { runConformance } from './run';
import type { ConformanceTarget, WriteCall } from './target';

const GOOD_TOKEN = 'xoxb-good';

/** A notify-only connector whose vendor lives in memory: it only knows one bot token. */
function notifier(overrides: Partial<ConnectorClient> = {}): ConnectorDefinition {
  return defineConnector({
    id: 'notifier',
    displayName: 'Notifier',
    category: 'communication',
    version: '1.2.3',
    sdkVersion: `^${SDK_VERSION}`,
    auth: {
      scheme: 'oauth2_authorization_code',
      fields: [{ name: 'botToken', label: 'Bot token', secret: true, required: true }],
    },
    settings: [],
    capabilities: { objects: [], batchUpsert: false, campaigns: false, notify: true },
    limits: { maxBatchSize: 1 },
    recommendedMappings: () => undefined,
    create: ({ credentials }) => ({
      testConnection: async () =>
        credentials.botToken === GOOD_TOKEN
          ? { ok: true, account: 'workspace T1' }
          : {
              ok: false,
              error: {
                category: 'AUTH_INVALID',
                vendorCode: 'invalid_auth',
                vendorMessage: 'invalid_auth',
                retryable: false,
              },
            },
      refreshCredentials: async () => credentials,
      describe: async (object) => ({ object, fields: [] }),
      upsert: async () => {
        throw new ConnectorError({
          category: 'UNKNOWN',
          vendorCode: 'unsupported',
          vendorMessage: 'this connector only posts messages',
        });
      },
      ...overrides,
    }),
  });
}

function notifierTarget(definition: ConnectorDefinition): ConformanceTarget {
  return {
    definition,
    persona: 'message',
    connect: async () => ({ credentials: { botToken: GOOD_TOKEN }, settings: {} }),
    badCredentials: async () => ({ credentials: { botToken: 'xoxb-revoked' }, settings: {} }),
    validRecord: (index) => ({ key: `m${index}`, values: { text: `hello ${index}` } }),
    invalidRecord: (index) => ({
      record: { key: `m${index}`, values: {} },
      category: 'DATA_VALUE_VALIDATION',
    }),
    remoteCount: async () => 0,
    expireAccessTokens: async () => undefined,
    rateLimitNextWrite: async () => undefined,
    errorCases: [],
    tokenCalls: async () => 0,
    writeCalls: async () => [],
    reset: async () => undefined,
  };
}

/**
 * The in-memory notifier with a vendor that posts one message per call: a message with no
 * text is refused, the others are stored and counted.
 */
function postingTarget(): ConformanceTarget {
  const posted: string[] = [];
  const calls: WriteCall[] = [];
  const definition = notifier({
    notify: async (messages) =>
      messages.map((message) => {
        calls.push({ at: Date.now(), records: 1 });
        if (message.text === '') {
          return {
            key: message.key,
            ok: false,
            error: {
              category: 'DATA_VALUE_VALIDATION',
              vendorCode: 'no_text',
              vendorMessage: 'no_text',
              retryable: false,
            },
          };
        }
        posted.push(message.text);

        return { key: message.key, ok: true, messageId: `M${posted.length}` };
      }),
  });

  return {
    ...notifierTarget(definition),
    writeCalls: async () => [...calls],
    reset: async () => {
      posted.length = 0;
      calls.length = 0;
    },
    notify: {
      validMessage: (index) => ({
        message: { key: `m${index}`, channel: index % 2 ? 'C1' : 'C2', text: `hello ${index}` },
        marker: `hello ${index}`,
      }),
      invalidMessage: (index) => ({
        message: { key: `m${index}`, channel: 'C1', text: '' },
        category: 'DATA_VALUE_VALIDATION',
      }),
      deliveredCount: async (marker) => posted.filter((text) => text === marker).length,
    },
  };
}

describe('runConformance', () => {
  it('lists its checks in the order of CHECK_IDS', () => {
    expect(CONFORMANCE_CHECKS.map((check) => check.id)).toEqual(CHECK_IDS);
  });

  it('marks every write check not applicable for a notify-only target without messages', async () => {
    const report = await runConformance(notifierTarget(notifier()));

    expect(report).toMatchObject({ connector: 'notifier', version: '1.2.3', passed: true });
    expect(report.checks.map((check) => [check.id, check.status, check.reason])).toEqual([
      ['test-connection', 'pass', 'connected as workspace T1'],
      ['bad-credentials', 'pass', 'refused as AUTH_INVALID (invalid_auth)'],
      ['describe', 'not_applicable', 'the connector declares no objects'],
      ['recommended-mappings', 'not_applicable', 'the connector recommends no mappings'],
      ...(
        [
          'result-order',
          'partial-batch',
          'error-cases',
          'retry-after',
          'token-refresh',
          'replay',
          'limits',
        ] as const
      ).map((id) => [
        id,
        'not_applicable',
        'notify-only connector: the target provides no messages to post (target.notify)',
      ]),
    ]);
  });

  it('posts messages through notify when the target provides them', async () => {
    const report = await runConformance(postingTarget(), {
      only: ['result-order', 'partial-batch', 'replay', 'limits'],
    });

    expect(report.checks.map((check) => [check.id, check.status, check.reason])).toEqual([
      ['result-order', 'pass', '8 results in input order (each message with its own id)'],
      [
        'partial-batch',
        'pass',
        '3 good messages written; 3 bad ones failed as DATA_VALUE_VALIDATION',
      ],
      ['replay', 'not_applicable', expect.stringMatching(/^messages are posted, not upserted: /)],
      ['limits', 'pass', '3 messages in 3 write calls of at most 1'],
    ]);
  });

  it('runs only the named checks', async () => {
    const report = await runConformance(notifierTarget(notifier()), {
      only: ['bad-credentials', 'test-connection'],
    });

    expect(report.checks.map((check) => check.id)).toEqual(['test-connection', 'bad-credentials']);
  });

  it('fails a check whose connector throws where it must answer, naming the error', async () => {
    const throwing = notifier({
      testConnection: async () => {
        throw new TypeError('fetch failed');
      },
    });

    const report = await runConformance(notifierTarget(throwing), { only: ['test-connection'] });

    expect(report.passed).toBe(false);
    expect(report.checks[0]).toMatchObject({
      status: 'fail',
      reason: 'testConnection threw TypeError: fetch failed instead of returning ok: false',
    });
  });

  it('fails a check that stops on a broken target, naming what was thrown', async () => {
    const target = notifierTarget(notifier());
    const broken: ConformanceTarget = {
      ...target,
      reset: async () => {
        throw new Error('emulator unreachable');
      },
    };

    const report = await runConformance(broken, { only: ['test-connection'] });

    expect(report.checks[0]).toMatchObject({
      status: 'fail',
      reason: 'the check stopped on Error: emulator unreachable',
    });
  });

  it('fails a check that does not finish in time and reports the others', async () => {
    const hanging = notifier({ testConnection: () => new Promise(() => undefined) });
    const results: string[] = [];

    const report = await runConformance(notifierTarget(hanging), {
      only: ['test-connection', 'describe'],
      checkTimeoutMs: 50,
      onResult: (result) => results.push(`${result.id}:${result.status}`),
    });

    expect(report.checks[0]).toMatchObject({
      status: 'fail',
      reason: 'did not finish within 50 ms',
    });
    expect(results).toEqual(['test-connection:fail', 'describe:not_applicable']);
  });
});

describe('peakCalls', () => {
  it('counts the most calls that started within any window', () => {
    const calls = [0, 100, 900, 1000, 1050, 2500].map((at) => ({ at, records: 1 }));

    expect(peakCalls(calls, 1000)).toBe(4);
    expect(peakCalls(calls, 100)).toBe(2);
    expect(peakCalls([], 1000)).toBe(0);
  });
});
