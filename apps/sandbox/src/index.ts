import { createServer } from 'node:http';

import { SalesforceEmulator, type SalesforceEmulatorOptions } from './salesforce';
import { createSandboxApp } from './server';

export * from './salesforce';
export { salesforceConformance } from './salesforce/conformance';
export type { VendorEmulator } from './vendor';

export interface SandboxOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  salesforce?: SalesforceEmulatorOptions;
}

export interface Sandbox {
  /** Base URL of the server, e.g. `http://127.0.0.1:4010`; use it as login and instance URL. */
  url: string;
  salesforce: SalesforceEmulator;
  close(): Promise<void>;
}

/** Starts the vendor sandbox: one HTTP server hosting every emulated vendor. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  const salesforce = new SalesforceEmulator(options.salesforce);
  const app = createSandboxApp([salesforce]);

  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('the sandbox server is not listening on a TCP port');
  }
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${address.port}`,
    salesforce,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
