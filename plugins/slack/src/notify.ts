import {
  ERROR_CATEGORIES,
  type NormalisedError,
  type NotifyMessage,
  type NotifyResult,
} from '@libs/connector-sdk';
import type { Block, KnownBlock } from '@slack/types';

import { leadMessage, syncErrorDigestMessage } from './block-kit';
import { mapSlackError, normaliseThrown } from './error-map';
import type { Pacer } from './pacer';
import type { SlackSession } from './session';

interface PostArgs {
  channel: string;
  text: string;
  blocks?: Array<KnownBlock | Block>;
}

function isBlock(value: Record<string, unknown>): value is Record<string, unknown> & Block {
  return typeof value.type === 'string';
}

type Prepared = { ok: true; args: PostArgs } | { ok: false; error: NormalisedError };

/** The text and blocks to post: the message's own blocks, or the lead laid out as Block Kit. */
function prepare(message: NotifyMessage, channel: string): Prepared {
  if (message.blocks) {
    const untyped = message.blocks.findIndex((block) => !isBlock(block));
    if (untyped >= 0) {
      const detail = `Block ${untyped} has no type.`;

      return { ok: false, error: mapSlackError({ code: 'INVALID_BLOCK_KIT', detail }) };
    }

    return {
      ok: true,
      args: { channel, text: message.text, blocks: message.blocks.filter(isBlock) },
    };
  }
  if (message.digest) {
    const content = syncErrorDigestMessage(message.digest);

    return {
      ok: true,
      args: { channel, text: message.text || content.text, blocks: content.blocks },
    };
  }
  if (message.lead) {
    const content = leadMessage(message.lead);

    return {
      ok: true,
      args: { channel, text: message.text || content.text, blocks: content.blocks },
    };
  }

  return { ok: true, args: { channel, text: message.text } };
}

/** `C0123/1712345678.000100`: a message is known by its channel and timestamp. */
function messageId(channel: string, ts: string | undefined): string {
  return `${channel}/${ts ?? ''}`;
}

/**
 * Posts each message with `chat.postMessage`, in order, one call each, spaced by the pacer
 * (replays after a token refresh included). After a rate limit the channel's remaining messages
 * are not tried (they share the wait); after a connection-level failure (the token no longer
 * works) none of the remaining ones are.
 */
export async function postMessages(
  session: SlackSession,
  pacer: Pacer,
  messages: NotifyMessage[],
  defaultChannel: string | undefined,
): Promise<NotifyResult[]> {
  const results: NotifyResult[] = [];
  const waiting = new Map<string, NormalisedError>();
  let broken: NormalisedError | undefined;

  for (const message of messages) {
    const channel = message.channel || defaultChannel || '';
    const blocked =
      broken ??
      waiting.get(channel) ??
      (channel === '' ? mapSlackError({ code: 'NO_CHANNEL' }) : undefined);
    const prepared: Prepared = blocked ? { ok: false, error: blocked } : prepare(message, channel);
    if (!prepared.ok) {
      results.push({ key: message.key, ok: false, error: prepared.error });
      continue;
    }

    try {
      const response = await session.run((client) =>
        pacer.run(() =>
          // https://docs.slack.dev/reference/methods/chat.postMessage
          client.chat.postMessage({ ...prepared.args, unfurl_links: false, unfurl_media: false }),
        ),
      );
      results.push({
        key: message.key,
        ok: true,
        messageId: messageId(response.channel ?? channel, response.ts),
      });
    } catch (error) {
      const failure = normaliseThrown(error, { channel });
      results.push({ key: message.key, ok: false, error: failure });
      if (ERROR_CATEGORIES[failure.category].connectionLevel) broken = failure;
      else if (failure.category === 'RATE_LIMITED') waiting.set(channel, failure);
    }
  }

  return results;
}
