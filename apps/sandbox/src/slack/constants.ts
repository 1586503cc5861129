import { SLACK_FIXTURES } from './fixtures';

const { authTestOk } = SLACK_FIXTURES;

/** The workspace the sandbox app is installed in; ids as captured in `auth_test_ok.json`. */
export const SLACK_WORKSPACE = {
  id: authTestOk.team_id,
  name: 'Mobly Sandbox',
  domain: 'mobly-sandbox',
  url: 'https://mobly-sandbox.slack.com/',
} as const;

/** The app's bot user, and the admin who installs the app. */
export const SLACK_BOT = {
  userId: authTestOk.user_id,
  botId: authTestOk.bot_id,
  name: 'mobly',
  displayName: 'Mobly',
} as const;

export const SLACK_INSTALLER = { userId: 'U07MOBLYADM', name: 'sandbox.admin' } as const;

/**
 * The Slack app registered in the sandbox. Any http://127.0.0.1 or http://localhost redirect URI
 * (any port, any path) is accepted, so local OAuth callbacks work without configuration.
 */
export const SLACK_APP = {
  appId: 'A07MOBLYAPP',
  clientId: '7654321098.7777777777777',
  clientSecret: 'mobly0sandbox0slack0client0secret',
  redirectUriPattern: /^http:\/\/(127\.0\.0\.1|localhost)(:\d{1,5})?(\/[^\s#]*)?$/,
} as const;

/** Bot scopes granted when an install asks for none. */
export const DEFAULT_BOT_SCOPES: readonly string[] = [
  'chat:write',
  'channels:read',
  'groups:read',
  'channels:join',
];

/** Rotating bot tokens live 12 hours. */
export const ROTATING_TOKEN_TTL_MS = 12 * 60 * 60 * 1000;
export const AUTHORIZATION_CODE_TTL_MS = 10 * 60 * 1000;

/** `chat.postMessage` refuses text longer than this. */
export const MAX_TEXT_LENGTH = 40_000;
export const MAX_BLOCKS = 50;
export const MAX_ATTACHMENTS = 100;

/** About one message per second per channel. */
export const DEFAULT_POSTS_PER_CHANNEL = 1;
export const DEFAULT_POST_WINDOW_MS = 1000;

export interface ChannelSeed {
  id: string;
  name: string;
  isPrivate: boolean;
  isArchived: boolean;
  /** Whether the app's bot user is a member. */
  isMember: boolean;
  isGeneral?: boolean;
  purpose?: string;
}

/** The seeded channels: public ones the bot is in or not, an archived one and private ones. */
export const SEEDED_CHANNELS: readonly ChannelSeed[] = [
  {
    id: 'C07GENERAL1',
    name: 'general',
    isPrivate: false,
    isArchived: false,
    isMember: true,
    isGeneral: true,
    purpose: 'Company-wide announcements',
  },
  {
    id: 'C07LEADS001',
    name: 'leads',
    isPrivate: false,
    isArchived: false,
    isMember: true,
    purpose: 'A message for every lead captured at our events',
  },
  {
    id: 'C07SYNCERR1',
    name: 'sync-errors',
    isPrivate: false,
    isArchived: false,
    isMember: true,
    purpose: 'Digest of leads that did not reach the CRM',
  },
  {
    id: 'C07RANDOM01',
    name: 'random',
    isPrivate: false,
    isArchived: false,
    isMember: false,
  },
  {
    id: 'C07EXPO2024',
    name: 'expo-2024',
    isPrivate: false,
    isArchived: true,
    isMember: true,
    purpose: 'Leads of Expo 2024',
  },
  {
    id: 'C07DEALDESK',
    name: 'deal-desk',
    isPrivate: true,
    isArchived: false,
    isMember: true,
  },
  {
    id: 'C07BOARDRM1',
    name: 'board-room',
    isPrivate: true,
    isArchived: false,
    isMember: false,
  },
];
