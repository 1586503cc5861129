import { salesforceConformance, type Sandbox } from '@app/sandbox';
import type { ConformanceTarget } from '@libs/connector-testkit';

export type TargetFactory = (sandbox: Sandbox) => ConformanceTarget;

/** The connectors the CLI can check, by connector id, each paired with its sandbox emulator. */
export const CONFORMANCE_TARGETS: ReadonlyMap<string, TargetFactory> = new Map([
  ['salesforce', salesforceConformance],
]);
