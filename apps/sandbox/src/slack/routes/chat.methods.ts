import { checkBlocks, parseAttachments } from '../block-kit';
import {
  MAX_ATTACHMENTS,
  MAX_TEXT_LENGTH,
  SLACK_APP,
  SLACK_BOT,
  SLACK_WORKSPACE,
} from '../constants';
import { fail, isRecord, ok, stringArg } from '../http';
import { invalidBlocksReply, rateLimitedReply } from '../replies';
import type { SlackMessage } from '../workspace';
import { callerOf, type MethodSpec } from './method';

/** Epoch seconds the sandbox bot profile was last updated. */
const BOT_PROFILE_UPDATED = 1_705_276_800;

/** A posted message as `chat.postMessage` returns it. */
function messageBody(message: SlackMessage): Record<string, unknown> {
  const body: Record<string, unknown> = {
    user: message.user,
    type: 'message',
    ts: message.ts,
    bot_id: message.botId,
    app_id: SLACK_APP.appId,
    text: message.text,
    team: SLACK_WORKSPACE.id,
    bot_profile: {
      id: message.botId,
      app_id: SLACK_APP.appId,
      name: SLACK_BOT.displayName,
      icons: {},
      deleted: false,
      updated: BOT_PROFILE_UPDATED,
      team_id: SLACK_WORKSPACE.id,
    },
  };
  if (message.username !== undefined) {
    body.subtype = 'bot_message';
    body.username = message.username;
  }
  if (message.threadTs !== undefined) body.thread_ts = message.threadTs;
  if (message.blocks !== undefined) body.blocks = message.blocks;
  if (message.attachments !== undefined) {
    body.attachments = message.attachments.map((attachment, index) =>
      isRecord(attachment) ? { id: index + 1, ...attachment } : attachment,
    );
  }

  return body;
}

// https://docs.slack.dev/reference/methods/chat.postMessage
export const chatPostMessage: MethodSpec = {
  scopes: ['chat:write'],
  authenticated: true,
  handle(call) {
    const { state, args } = call;
    const caller = callerOf(call);
    const reference = stringArg(args, 'channel') ?? '';
    const channel = reference === '' ? undefined : state.workspace.visible(reference);
    if (!channel) return fail('channel_not_found');
    if (channel.isArchived) return fail('is_archived');
    if (!channel.isMember && !caller.installation.scopes.includes('chat:write.public')) {
      return fail('not_in_channel');
    }
    const retryAfter = state.limiter.retryAfterSeconds(channel.id);
    if (retryAfter !== undefined) return rateLimitedReply(retryAfter);

    let blocks: unknown[] | undefined;
    if (args.blocks !== undefined && args.blocks !== '') {
      const check = checkBlocks(args.blocks);
      if (!check.ok) {
        return check.error === 'invalid_blocks'
          ? invalidBlocksReply(check.messages)
          : fail(check.error);
      }
      blocks = check.blocks;
    }
    let attachments: unknown[] | undefined;
    if (args.attachments !== undefined && args.attachments !== '') {
      attachments = parseAttachments(args.attachments);
      if (!attachments) return fail('invalid_attachments');
      if (attachments.length > MAX_ATTACHMENTS) return fail('too_many_attachments');
    }
    const text = stringArg(args, 'text') ?? '';
    if (text.trim() === '' && !blocks?.length && !attachments?.length) return fail('no_text');
    if (text.length > MAX_TEXT_LENGTH) return fail('msg_too_long');
    const threadTs = stringArg(args, 'thread_ts');
    if (
      threadTs !== undefined &&
      !state.workspace.messages(channel.id).some((message) => message.ts === threadTs)
    ) {
      return fail('thread_not_found');
    }

    const message = state.workspace.post({
      channel: channel.id,
      text,
      ...(blocks === undefined ? {} : { blocks }),
      ...(attachments === undefined ? {} : { attachments }),
      ...(threadTs === undefined ? {} : { threadTs }),
      ...(args.username === undefined ? {} : { username: stringArg(args, 'username') }),
    });
    state.limiter.record(channel.id);

    return ok({ channel: channel.id, ts: message.ts, message: messageBody(message) });
  },
};
