export {
  DEFAULT_BOT_SCOPES as SLACK_DEFAULT_BOT_SCOPES,
  SEEDED_CHANNELS as SLACK_SEEDED_CHANNELS,
  SLACK_APP,
  SLACK_BOT,
  SLACK_INSTALLER,
  SLACK_WORKSPACE,
} from './constants';
export { SlackEmulator, type SlackEmulatorOptions, type SlackInstallation } from './emulator';
export { SLACK_AUTHORIZE_PATH } from './routes/authorize.routes';
export { SLACK_FIXTURES } from './fixtures';
export type { SlackJournalEntry } from './journal';
export {
  SLACK_FAILURE_KINDS,
  SLACK_METHODS,
  SLACK_PLATFORM_ERRORS,
  SLACK_TRANSPORT_FAILURES,
  type SlackFailureKind,
  type SlackMethod,
  type SlackPlatformError,
  type SlackScenarioSwitch,
} from './scenarios';
export type { SlackSettings } from './state';
export type { NewChannel as NewSlackChannel, SlackChannel, SlackMessage } from './workspace';
