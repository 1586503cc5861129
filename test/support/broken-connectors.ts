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

/**
 * The check `id` of a report that must have failed it, its table showing the failure; throws
 * (failing the test) otherwise.
 */
export function expectFailedCheck(report: ConformanceReport, id: CheckId): CheckResult {
  const check = report.checks.find((candidate) => candidate.id === id);
  if (!check) throw new Error(`the report has no ${id} check`);
  if (report.passed || check.status !== 'fail') {
    throw new Error(`expected ${id} to fail; it answered ${check.status}: ${check.reason}`);
  }
  if (!new RegExp(`^FAIL +${check.title} +\\S`, 'm').test(formatReport(report))) {
    throw new Error(`the report's table does not show ${id} as failed`);
  }

  return check;
}
