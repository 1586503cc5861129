import '../unset-proxy-env';

import { describeConformance } from '@libs/connector-testkit';

import { startSandbox } from '../index';
import { marketoConformance } from './conformance';

describeConformance('marketo', async () => {
  const sandbox = await startSandbox({ port: 0 });

  return { target: marketoConformance(sandbox), stop: () => sandbox.close() };
});
