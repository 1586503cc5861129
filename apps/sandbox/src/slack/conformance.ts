import type { ErrorCategory, NotifyMessage, UpsertRecord } from '@libs/connector-sdk';
import type {
  ConformanceConnection,
  ConformanceTarget,
  NotifyTarget,
  WriteCall,
} from '@libs/connector-testkit';
import { slackConnector } from '@plugins/slack';

import { SLACK_APP } from './constants';
import type { SlackEmulator } from './emulator';
import type { SlackJournalEntry } from './journal';
import type { SlackMessage } from './workspace';
import type { SlackFailureKind } from './scenarios';

/** The host's name for what a messaging connector creates: one message per lead. */
const MESSAGE_OBJECT = 'message';
const CHANNEL = 'C07LEADS001';
/** Where the kit's messages go, by index: #leads, #sync-errors and #general. */
const CHANNELS = [CHANNEL, 'C07SYNCERR1', 'C07GENERAL1'] as const;
/** A channel id no workspace has. */
const UNKNOWN_CHANNEL = 'C0NOPE00000';
const POST = 'chat.postMessage';

/** Answers that mean Slack refused the call itself rather than the message it carried. */
const REFUSALS = new Set([
  'ratelimited',
  'not_authed',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'token_expired',
]);

function writeCall(entry: SlackJournalEntry): WriteCall {
  const refused = entry.status !== 200 || REFUSALS.has(entry.error ?? '');

  return { at: entry.at, records: 1, refused };
}

function text(value: UpsertRecord['values'][string]): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The message announcing a record's person, as the host lays out a lead for `notify`. */
function leadNotice(record: UpsertRecord): NotifyMessage {
  const { values } = record;
  const name = text(values.name) ?? record.key;
  const message: NotifyMessage = {
    key: record.key,
    channel: CHANNEL,
    text: text(values.text) ?? `New lead: ${name}`,
  };
  if (text(values.text) === undefined) {
    message.lead = {
      name,
      email: text(values.email),
      jobTitle: text(values.jobTitle),
      company: text(values.company),
      event: text(values.event),
    };
  }

  return message;
}

/** Messages whose text or blocks mention the marker (an email), case-insensitively. */
function countCarrying(messages: SlackMessage[], marker: string): number {
  const wanted = marker.toLowerCase();

  return messages.filter((message) =>
    `${message.text} ${JSON.stringify(message.blocks ?? [])}`.toLowerCase().includes(wanted),
  ).length;
}

/**
 * The Slack connector and the sandbox's Slack emulator. The kit posts lead messages through
 * `notify` (`notify.validMessage`); `notifyMessage` turns a record into the message announcing
 * its person, as the host would.
 */
export interface SlackConformanceTarget extends ConformanceTarget {
  /** The message announcing a record's person, as the host would hand it to `notify`. */
  notifyMessage(record: UpsertRecord): NotifyMessage;
  notify: NotifyTarget;
}

/**
 * Messages Slack refuses, each with the category the connector must report: the kit's mixed
 * batches get one of each.
 */
const INVALID_MESSAGES: ReadonlyArray<{
  message: (key: string) => NotifyMessage;
  category: ErrorCategory;
}> = [
  // msg_too_long
  {
    message: (key) => ({ key, channel: CHANNEL, text: 'x'.repeat(40_001) }),
    category: 'DATA_VALUE_VALIDATION',
  },
  // invalid_blocks: a header without text
  {
    message: (key) => ({
      key,
      channel: CHANNEL,
      text: 'A lead card Slack refuses',
      blocks: [{ type: 'header', text: { type: 'plain_text', text: '' } }],
    }),
    category: 'DATA_VALUE_VALIDATION',
  },
  // channel_not_found
  {
    message: (key) => ({ key, channel: UNKNOWN_CHANNEL, text: 'To a channel that does not exist' }),
    category: 'REMOTE_RECORD_NOT_FOUND',
  },
];

/**
 * The Slack connector paired with the sandbox's Slack emulator, for the conformance kit. Slack
 * stores no records: the "persona" is the lead message, a "write" is one `chat.postMessage`
 * (one record), and `remoteCount(email)` counts the messages in #leads that announce that
 * person. Installs use token rotation, so tokens expire and refresh as with the CRMs.
 */
export function slackConformance(sandbox: {
  url: string;
  slack: SlackEmulator;
}): SlackConformanceTarget {
  const emulator = sandbox.slack;
  const settings = { apiUrl: `${sandbox.url}/api/`, channel: CHANNEL };

  const errorCase = (
    name: string,
    kind: SlackFailureKind,
    category: ErrorCategory,
    retryable: boolean,
  ) => ({
    name,
    arrange: async () => emulator.failNext(POST, 1, kind),
    category,
    retryable,
  });

  const person = (index: number): UpsertRecord => {
    const email = `lead.${index}@conformance.example.com`;

    return {
      key: `lead-${index}`,
      matchEmail: email,
      values: {
        name: `Conformance Lead ${index}`,
        email,
        jobTitle: 'Buyer',
        company: 'Mobly Conformance',
        event: 'Conformance Expo',
      },
    };
  };

  return {
    definition: slackConnector,
    persona: MESSAGE_OBJECT,

    async connect(): Promise<ConformanceConnection> {
      const installation = emulator.install({ rotation: true });
      const credentials: Record<string, string> = {
        botToken: installation.botToken,
        clientId: SLACK_APP.clientId,
        clientSecret: SLACK_APP.clientSecret,
        refreshToken: installation.refreshToken ?? '',
      };
      if (installation.expiresAt !== undefined) {
        credentials.tokenExpiresAt = new Date(installation.expiresAt).toISOString();
      }

      return { credentials, settings };
    },

    async badCredentials(): Promise<ConformanceConnection> {
      return { credentials: { botToken: 'xoxb-0000000000000-0000000000000-notAToken' }, settings };
    },

    validRecord: person,

    // Slack refuses a message over 40,000 characters with msg_too_long.
    invalidRecord(index) {
      const record = person(index);

      return {
        record: { ...record, values: { ...record.values, text: 'x'.repeat(40_001) } },
        category: 'DATA_VALUE_VALIDATION',
      };
    },

    notifyMessage: leadNotice,

    async remoteCount(email) {
      return countCarrying(emulator.messages(CHANNEL), email);
    },

    async expireAccessTokens() {
      emulator.expireAccessTokens();
    },

    // Slack answers `token_expired` to the post that carries a rotating token past its life.
    async expireAccessTokenAtNextWrite(afterWrites = 0) {
      emulator.failNext(POST, 1, 'token_expired', { after: afterWrites });
    },

    async rateLimitNextWrite(retryAfterSeconds) {
      emulator.failNext(POST, 1, 'ratelimited', { retryAfterSeconds });
    },

    errorCases: [
      errorCase('channel_not_found', 'channel_not_found', 'REMOTE_RECORD_NOT_FOUND', false),
      errorCase('is_archived', 'is_archived', 'REMOTE_RECORD_NOT_FOUND', false),
      errorCase('not_in_channel', 'not_in_channel', 'PERMISSION_DENIED', false),
      errorCase('missing_scope', 'missing_scope', 'PERMISSION_DENIED', false),
      errorCase('invalid_auth', 'invalid_auth', 'AUTH_INVALID', false),
      errorCase('token_revoked', 'token_revoked', 'AUTH_INVALID', false),
      errorCase('msg_too_long', 'msg_too_long', 'DATA_VALUE_VALIDATION', false),
      errorCase('invalid_blocks', 'invalid_blocks', 'DATA_VALUE_VALIDATION', false),
      errorCase('no_text', 'no_text', 'DATA_VALUE_VALIDATION', false),
      errorCase('fatal_error', 'fatal_error', 'REMOTE_UNAVAILABLE', true),
      errorCase('internal_error', 'internal_error', 'REMOTE_UNAVAILABLE', true),
      errorCase('HTTP 503', 'http_503', 'REMOTE_UNAVAILABLE', true),
      errorCase('HTTP 502 (HTML body)', 'http_502', 'REMOTE_UNAVAILABLE', true),
      errorCase('429 ratelimited', 'ratelimited', 'RATE_LIMITED', true),
      errorCase('429 without Retry-After', 'ratelimited_without_retry_after', 'RATE_LIMITED', true),
      errorCase('HTTP 500', 'http_500', 'REMOTE_UNAVAILABLE', true),
      {
        name: 'is_archived (channel archived)',
        arrange: async () => {
          for (const channel of CHANNELS) emulator.archiveChannel(channel);
        },
        category: 'REMOTE_RECORD_NOT_FOUND',
        retryable: false,
      },
      {
        name: 'not_in_channel (bot removed from the channel)',
        arrange: async () => {
          for (const channel of CHANNELS) emulator.setMembership(channel, false);
        },
        category: 'PERMISSION_DENIED',
        retryable: false,
      },
      {
        name: 'token_revoked (app uninstalled)',
        arrange: async () => emulator.revokeAllTokens(),
        category: 'AUTH_INVALID',
        retryable: false,
      },
    ],

    async tokenCalls() {
      return emulator.journal().filter((entry) => entry.method === 'oauth.v2.access').length;
    },

    async writeCalls() {
      return emulator
        .journal()
        .filter((entry) => entry.method === POST)
        .map(writeCall);
    },

    async reset() {
      emulator.reset();
    },

    notify: {
      // A lead card to #leads, #sync-errors or #general; the person's email marks it.
      validMessage(index) {
        const record = person(index);

        return {
          message: { ...leadNotice(record), channel: CHANNELS[index % CHANNELS.length] },
          marker: record.matchEmail ?? record.key,
        };
      },

      invalidMessage(index) {
        const invalid = INVALID_MESSAGES[index % INVALID_MESSAGES.length];

        return { message: invalid.message(`invalid-${index}`), category: invalid.category };
      },

      async deliveredCount(marker) {
        return countCarrying(emulator.messages(), marker);
      },
    },
  };
}
