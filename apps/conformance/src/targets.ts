import {
  hubspotConformance,
  marketoConformance,
  salesforceConformance,
  slackConformance,
  type Sandbox,
} from '@app/sandbox';
import { startWebhookConformance } from '@examples/connector-webhook/src/conformance';
import type { StartedTarget } from '@libs/connector-testkit';

/** Starts a connector's target: on the shared vendor sandbox, or on an emulator of its own. */
export type TargetFactory = (sandbox: Sandbox) => StartedTarget | Promise<StartedTarget>;

/** The connectors the CLI can check, by connector id, each paired with its emulator. */
export const CONFORMANCE_TARGETS: ReadonlyMap<string, TargetFactory> = new Map<
  string,
  TargetFactory
>([
  ['salesforce', (sandbox) => ({ target: salesforceConformance(sandbox) })],
  ['hubspot', (sandbox) => ({ target: hubspotConformance(sandbox) })],
  ['marketo', (sandbox) => ({ target: marketoConformance(sandbox) })],
  ['slack', (sandbox) => ({ target: slackConformance(sandbox) })],
  ['acme-webhook', () => startWebhookConformance()],
]);
