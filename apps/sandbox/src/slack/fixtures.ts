import authTestErrorInvalidAuth from '../../fixtures/slack/auth_test_error_invalid_auth.docs_example.json';
import authTestErrorNotAuthed from '../../fixtures/slack/auth_test_error_not_authed.json';
import authTestOk from '../../fixtures/slack/auth_test_ok.json';
import chatPostMessageTooManyAttachments from '../../fixtures/slack/chat_postMessage_error_too_many_attachments.docs_example.json';
import chatPostMessageOk from '../../fixtures/slack/chat_postMessage_ok.docs_example.json';

/** The captured Slack payloads the emulator is built from (see fixtures/SOURCES.md). */
export const SLACK_FIXTURES = {
  authTestOk,
  authTestErrorNotAuthed,
  authTestErrorInvalidAuth,
  chatPostMessageOk,
  chatPostMessageTooManyAttachments,
} as const;
