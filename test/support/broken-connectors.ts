import type { ConnectorClient } from '@libs/connector-sdk';
import {
  formatReport,
  type CheckId,
  type CheckResult,
  type ConformanceReport,
} from '@libs/connector-testkit';

/** A client that forwards every operation to `client`; a broken connector replaces some. */
export function forwardingClient(client: ConnectorClient): ConnectorClient {
  const forwarding: ConnectorClient = {
    testConnection: () => client.testConnection(),
    refreshCredentials: () => client.refreshCredentials(),
    describe: (object) => client.describe(object),
    upsert: (object, records) => client.upsert(object, records),
  };
  const notify = client.notify?.bind(client);
  if (notify) forwarding.notify = (messages) => notify(messages);

  return forwarding;
}

/** Expects the report to fail `id` and its table to show it failed; answers that check. */
export function expectFailedCheck(report: ConformanceReport, id: CheckId): CheckResult {
  const check = report.checks.find((candidate) => candidate.id === id);
  if (!check) throw new Error(`the report has no ${id} check`);

  expect(report.passed).toBe(false);
  expect(check.status).toBe('fail');
  expect(formatReport(report)).toMatch(new RegExp(`^FAIL +${check.title} +\\S`, 'm'));

  return check;
}
