export {
  MARKETO_API_VERSION,
  MARKETO_CLIENT,
  MARKETO_INSTANCE,
  MARKETO_LISTS,
  MARKETO_PROGRAMS,
  type ProgramSeed as MarketoProgram,
  type ProgramStatus as MarketoProgramStatus,
} from './constants';
export { MarketoEmulator, type MarketoEmulatorOptions } from './emulator';
export {
  RESPONSE_ERROR_CODES as MARKETO_RESPONSE_ERROR_CODES,
  rateLimitMessage as marketoRateLimitMessage,
  type ResponseErrorCode as MarketoResponseErrorCode,
} from './envelope';
export type { JournalEntry as MarketoJournalEntry } from './journal';
export type { MarketoLead } from './leads';
export type { Usage as MarketoUsage } from './limits';
export type { ProgramMember as MarketoProgramMember } from './programs';
export {
  IDENTITY_FAILURES as MARKETO_IDENTITY_FAILURES,
  MARKETO_ROUTES,
  type ArmOptions as MarketoArmOptions,
  type FailureKind as MarketoFailureKind,
  type MarketoRoute,
  type ScenarioSwitch as MarketoScenarioSwitch,
} from './scenarios';
export type { MarketoSettings } from './state';
