export { slackConnector } from './definition';
export {
  escapeMrkdwn,
  leadMessage,
  syncErrorDigestMessage,
  type SlackMessageContent,
  type SyncErrorDigest,
} from './block-kit';
export {
  BLOCK_KIT_LIMITS,
  DEFAULT_API_URL,
  DEFAULT_AUTHORIZE_URL,
  POST_WINDOW_MS,
  POSTS_PER_WINDOW,
} from './constants';
export { mapSlackError, SLACK_ERROR_TABLE, type SlackFailure } from './error-map';
export {
  completeSlackInstall,
  SLACK_BOT_SCOPES,
  slackInstallUrl,
  type SlackInstallRequest,
  type SlackInstallResult,
} from './install';
