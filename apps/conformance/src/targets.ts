import {
  hubspotConformance,
  marketoConformance,
  salesforceConformance,
  slackConformance,
  type Sandbox,
} from '@app/sandbox';
import { startWebhookConformance } from '@examples/connector-webhook/src/conformance';
import type { StartedTarget } from '@libs/connector-testkit';

import { pluginConformanceTargets } from './plugin-targets';

/** Starts a connector's target: on the shared vendor sandbox, or on an emulator of its own. */
export type TargetFactory = (sandbox: Sandbox) => StartedTarget | Promise<StartedTarget>;

/**
 * Targets registered by hand, by connector id: the built-ins on the shared vendor sandbox and the
 * webhook example, which lives outside `plugins/`.
 */
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

/**
 * Every connector the CLI can check: those above, then each plugin in `plugins/` that ships its
 * own conformance module (as `npm run connector:new` generates it). A plugin whose target cannot
 * be used, or whose id is taken above, is reported and left out.
 */
export function conformanceTargets(pluginsDir?: string): {
  targets: Map<string, TargetFactory>;
  problems: string[];
} {
  const targets = new Map(CONFORMANCE_TARGETS);
  const discovered = pluginConformanceTargets(pluginsDir);
  const problems = [...discovered.problems];
  for (const [id, start] of discovered.targets) {
    if (targets.has(id)) problems.push(`plugin target "${id}" ignored: the id is taken`);
    else targets.set(id, start);
  }

  return { targets, problems };
}
