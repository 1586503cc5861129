import { SLACK_WORKSPACE } from '../constants';
import { booleanArg, fail, ok, stringArg } from '../http';
import { missingScopeReply } from '../replies';
import { channelBody, type SlackChannel } from '../workspace';
import { callerOf, type MethodSpec } from './method';

const READ_SCOPES = ['channels:read', 'groups:read', 'im:read', 'mpim:read'] as const;

/** The scope that lets a bot list each conversation type. */
const TYPE_SCOPES: Readonly<Record<string, string>> = {
  public_channel: 'channels:read',
  private_channel: 'groups:read',
  mpim: 'mpim:read',
  im: 'im:read',
};

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;

function encodeCursor(channelId: string): string {
  return Buffer.from(`team:${channelId}`, 'utf8').toString('base64');
}

function decodeCursor(cursor: string): string | undefined {
  const decoded = Buffer.from(cursor, 'base64').toString('utf8');

  return decoded.startsWith('team:') ? decoded.slice('team:'.length) : undefined;
}

function pageSize(raw: string | undefined): number {
  const size = raw === undefined ? DEFAULT_PAGE_SIZE : Number.parseInt(raw, 10);
  if (!Number.isInteger(size) || size < 1) return DEFAULT_PAGE_SIZE;

  return Math.min(size, MAX_PAGE_SIZE);
}

// https://docs.slack.dev/reference/methods/conversations.list
export const conversationsList: MethodSpec = {
  scopes: READ_SCOPES,
  authenticated: true,
  handle(call) {
    const { state, args } = call;
    const granted = callerOf(call).installation.scopes;
    const types = (stringArg(args, 'types') || 'public_channel')
      .split(',')
      .map((type) => type.trim())
      .filter((type) => type !== '');
    for (const type of types) {
      const scope = TYPE_SCOPES[type];
      if (scope === undefined) return fail('invalid_types');
      if (!granted.includes(scope)) return missingScopeReply(scope, granted);
    }
    const excludeArchived = booleanArg(args, 'exclude_archived');
    const listed = state.workspace
      .channels()
      .filter((channel) =>
        channel.isPrivate
          ? types.includes('private_channel') && channel.isMember
          : types.includes('public_channel'),
      )
      .filter((channel) => !(excludeArchived && channel.isArchived));

    const cursor = stringArg(args, 'cursor');
    let start = 0;
    if (cursor) {
      const from = decodeCursor(cursor);
      start = listed.findIndex((channel) => channel.id === from);
      if (start < 0) return fail('invalid_cursor');
    }
    const size = pageSize(stringArg(args, 'limit'));
    const next = listed[start + size];

    return ok({
      channels: listed
        .slice(start, start + size)
        .map((channel) => channelBody(channel, SLACK_WORKSPACE.id)),
      response_metadata: { next_cursor: next ? encodeCursor(next.id) : '' },
    });
  },
};

function numMembers(channel: SlackChannel): number {
  return channel.isMember ? 2 : 1;
}

// https://docs.slack.dev/reference/methods/conversations.info
export const conversationsInfo: MethodSpec = {
  scopes: READ_SCOPES,
  authenticated: true,
  handle({ state, args }) {
    const channel = state.workspace.visible(stringArg(args, 'channel') ?? '');
    if (!channel) return fail('channel_not_found');
    const body = channelBody(channel, SLACK_WORKSPACE.id);
    if (booleanArg(args, 'include_num_members')) body.num_members = numMembers(channel);

    return ok({ channel: body });
  },
};

// https://docs.slack.dev/reference/methods/conversations.join
export const conversationsJoin: MethodSpec = {
  scopes: ['channels:join', 'channels:write'],
  authenticated: true,
  handle({ state, args }) {
    const channel = state.workspace.visible(stringArg(args, 'channel') ?? '');
    if (!channel) return fail('channel_not_found');
    if (channel.isPrivate) return fail('method_not_supported_for_channel_type');
    if (channel.isArchived) return fail('is_archived');
    if (channel.isMember) {
      return ok({
        channel: channelBody(channel, SLACK_WORKSPACE.id),
        warning: 'already_in_channel',
        response_metadata: { warnings: ['already_in_channel'] },
      });
    }
    const joined = state.workspace.update(channel.id, { isMember: true });

    return ok({ channel: channelBody(joined, SLACK_WORKSPACE.id) });
  },
};
