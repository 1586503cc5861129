import type { TestConnectionResult } from '@libs/connector-sdk';

import {
  describeThrown,
  fail,
  formatError,
  pass,
  type Check,
  type CheckContext,
  type Connected,
} from '../check';

async function testConnection(connected: Connected): Promise<TestConnectionResult> {
  try {
    return await connected.client.testConnection();
  } catch (error) {
    return fail(`testConnection threw ${describeThrown(error)} instead of returning ok: false`);
  }
}

export const connectsCheck: Check = {
  id: 'test-connection',
  title: 'connects with good credentials',
  async run(context: CheckContext) {
    const result = await testConnection(await context.start());
    if (!result.ok) {
      fail(
        `testConnection answered ok: false${result.error ? ` with ${formatError(result.error)}` : ''}`,
      );
    }

    return pass(result.account ? `connected as ${result.account}` : 'connected');
  },
};

export const badCredentialsCheck: Check = {
  id: 'bad-credentials',
  title: 'reports bad credentials as AUTH_INVALID',
  async run(context: CheckContext) {
    await context.target.reset();
    const result = await testConnection(context.connect(await context.target.badCredentials()));
    if (result.ok) fail('testConnection answered ok: true with credentials the vendor refuses');
    if (!result.error) fail('testConnection answered ok: false without an error');
    if (result.error.category !== 'AUTH_INVALID') {
      fail(`testConnection reported ${formatError(result.error)}, expected AUTH_INVALID`);
    }
    if (result.error.retryable) fail('AUTH_INVALID was reported as retryable');

    return pass(`refused as AUTH_INVALID (${result.error.vendorCode})`);
  },
};
