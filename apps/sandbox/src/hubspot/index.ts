export { HUBSPOT_APP, HUBSPOT_PORTAL, HUBSPOT_USER } from './constants';
export { HubSpotEmulator, type HubSpotEmulatorOptions, type HubSpotGrant } from './emulator';
export type { HubSpotJournalEntry } from './journal';
export type { HubSpotList, ListProcessingType } from './lists';
export { HUBSPOT_OBJECT_TYPES, type HubSpotObjectType } from './objects';
export type { PropertyDefinition as HubSpotPropertyDefinition } from './properties';
export type { Association as HubSpotAssociation, HubSpotRecord } from './records';
export {
  HUBSPOT_FAILURE_KINDS,
  HUBSPOT_ROUTES,
  type HubSpotFailureKind,
  type HubSpotRoute,
  type HubSpotScenarioSwitch,
} from './scenarios';
export type { HubSpotSettings } from './state';
