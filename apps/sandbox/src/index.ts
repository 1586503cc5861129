import { createServer } from 'node:http';

import { HubSpotEmulator, type HubSpotEmulatorOptions } from './hubspot';
import { MarketoEmulator, type MarketoEmulatorOptions } from './marketo';
import { SalesforceEmulator, type SalesforceEmulatorOptions } from './salesforce';
import { createSandboxApp } from './server';
import { SlackEmulator, type SlackEmulatorOptions } from './slack';

export * from './hubspot';
export { hubspotConformance } from './hubspot/conformance';
export * from './marketo';
export * from './salesforce';
export * from './slack';
export { marketoConformance } from './marketo/conformance';
export { slackConformance } from './slack/conformance';
export { salesforceConformance } from './salesforce/conformance';
export type { VendorEmulator } from './vendor';

export interface SandboxOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Every vendor call is answered this much later, as over a real network (control routes are not). */
  latencyMs?: number;
  salesforce?: SalesforceEmulatorOptions;
  hubspot?: HubSpotEmulatorOptions;
  marketo?: MarketoEmulatorOptions;
  slack?: SlackEmulatorOptions;
}

export interface Sandbox {
  /** Base URL of the server, e.g. `http://127.0.0.1:4010`; use it as login and instance URL. */
  url: string;
  salesforce: SalesforceEmulator;
  /** HubSpot's API at the root: `new Client({ basePath: url })`. */
  hubspot: HubSpotEmulator;
  marketo: MarketoEmulator;
  /** Slack's Web API under `/api/`: `new WebClient(token, { slackApiUrl: url + '/api/' })`. */
  slack: SlackEmulator;
  close(): Promise<void>;
}

/** Starts the vendor sandbox: one HTTP server hosting every emulated vendor. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  const salesforce = new SalesforceEmulator(options.salesforce);
  const hubspot = new HubSpotEmulator(options.hubspot);
  const marketo = new MarketoEmulator(options.marketo);
  const slack = new SlackEmulator(options.slack);
  const app = createSandboxApp([salesforce, hubspot, marketo, slack], {
    latencyMs: options.latencyMs ?? 0,
  });

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
    hubspot,
    marketo,
    slack,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
