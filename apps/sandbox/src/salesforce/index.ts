export {
  SALESFORCE_API_VERSIONS,
  SALESFORCE_CONNECTED_APP,
  SALESFORCE_ORG,
  SALESFORCE_USER,
} from './constants';
export { SalesforceEmulator, type SalesforceEmulatorOptions } from './emulator';
export type { JournalEntry } from './journal';
export type { FieldValue, SalesforceRecord } from './records';
export {
  FAILURE_KINDS,
  SALESFORCE_ROUTES,
  type FailureKind,
  type SalesforceRoute,
  type ScenarioSwitch,
} from './scenarios';
export type { CustomPicklistField, DescribeField, FieldOverride, SObjectType } from './schema';
export type { SalesforceSettings } from './state';
