import '../unset-proxy-env';

import { describeConformance } from '@libs/connector-testkit';

import { startSandbox } from '../index';
import { hubspotConformance } from './conformance';

describeConformance('hubspot', async () => {
  const sandbox = await startSandbox({ port: 0 });

  return { target: hubspotConformance(sandbox), stop: () => sandbox.close() };
});
