import { formatReport } from './format';
import type { ConformanceReport } from './report';

const report: ConformanceReport = {
  connector: 'acme',
  version: '2.0.0',
  passed: false,
  durationMs: 1234,
  checks: [
    {
      id: 'test-connection',
      title: 'connects with good credentials',
      status: 'pass',
      reason: 'connected as admin@acme.example',
      durationMs: 10,
    },
    {
      id: 'result-order',
      title: 'returns upsert results in input order',
      status: 'fail',
      reason: 'result 0 has key b, expected a (results must follow input order)',
      durationMs: 20,
    },
    {
      id: 'token-refresh',
      title: 'refreshes an expired token once and replays the batch once',
      status: 'not_applicable',
      reason: 'API-key auth has no access token to expire',
      durationMs: 0,
    },
  ],
};

describe('formatReport', () => {
  it('prints one row per check with its result and reason, then a summary', () => {
    expect(formatReport(report)).toBe(
      [
        'Conformance of acme 2.0.0',
        'RESULT  CHECK                                                       REASON',
        'PASS    connects with good credentials                              connected as admin@acme.example',
        'FAIL    returns upsert results in input order                       result 0 has key b, expected a (results must follow',
        '                                                                    input order)',
        'N/A     refreshes an expired token once and replays the batch once  API-key auth has no access token to expire',
        '',
        '3 checks: 1 passed, 1 failed, 1 not applicable (1.2 s) — DOES NOT CONFORM',
        '',
      ].join('\n'),
    );
  });

  it('says the connector conforms when no check failed', () => {
    const passing: ConformanceReport = {
      ...report,
      passed: true,
      checks: report.checks.filter((check) => check.status !== 'fail'),
    };

    expect(formatReport(passing)).toContain(
      '2 checks: 1 passed, 0 failed, 1 not applicable (1.2 s) — CONFORMS',
    );
  });
});
