import type { Clock } from './clock';
import { SEEDED_CHANNELS, SLACK_BOT, SLACK_INSTALLER, type ChannelSeed } from './constants';

export interface SlackChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isArchived: boolean;
  isMember: boolean;
  isGeneral: boolean;
  /** Epoch seconds. */
  created: number;
  purpose: string;
}

export interface SlackMessage {
  channel: string;
  ts: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  threadTs?: string;
  username?: string;
  user: string;
  botId: string;
}

export interface NewChannel {
  name: string;
  isPrivate?: boolean;
  isArchived?: boolean;
  isMember?: boolean;
  purpose?: string;
}

/** Epoch seconds of the seeded channels' creation (2024-01-15). */
const SEEDED_AT = 1_705_276_800;
const CHANNEL_NAME = /^[a-z0-9][a-z0-9_-]{0,79}$/;

/** The workspace's channels, as the app's bot user sees them, and the messages posted in them. */
export class Workspace {
  private readonly channelsById = new Map<string, SlackChannel>();
  private posted: SlackMessage[] = [];
  private lastTsMicros = 0;
  private nextChannel = 1;

  constructor(private readonly clock: Clock) {
    this.seed();
  }

  channels(): SlackChannel[] {
    return [...this.channelsById.values()].map((channel) => ({ ...channel }));
  }

  /** A channel by id, or by name (`leads` or `#leads`). */
  find(reference: string): SlackChannel | undefined {
    const byId = this.channelsById.get(reference);
    if (byId) return byId;
    const name = reference.replace(/^#/, '');

    return [...this.channelsById.values()].find((channel) => channel.name === name);
  }

  /** What the bot can see: public channels, and private ones it is a member of. */
  visible(reference: string): SlackChannel | undefined {
    const channel = this.find(reference);

    return channel && (!channel.isPrivate || channel.isMember) ? channel : undefined;
  }

  add(input: NewChannel): SlackChannel {
    if (!CHANNEL_NAME.test(input.name)) throw new RangeError(`invalid channel name: ${input.name}`);
    if (this.find(input.name)) throw new RangeError(`channel name taken: ${input.name}`);
    const channel: SlackChannel = {
      id: `C08SBX${String(this.nextChannel).padStart(5, '0')}`,
      name: input.name,
      isPrivate: input.isPrivate ?? false,
      isArchived: input.isArchived ?? false,
      isMember: input.isMember ?? true,
      isGeneral: false,
      created: Math.floor(this.clock.now() / 1000),
      purpose: input.purpose ?? '',
    };
    this.nextChannel += 1;
    this.channelsById.set(channel.id, channel);

    return { ...channel };
  }

  update(reference: string, patch: { isArchived?: boolean; isMember?: boolean }): SlackChannel {
    const channel = this.find(reference);
    if (!channel) throw new RangeError(`no channel ${reference}`);
    if (patch.isArchived !== undefined) channel.isArchived = patch.isArchived;
    if (patch.isMember !== undefined) channel.isMember = patch.isMember;

    return { ...channel };
  }

  post(message: Omit<SlackMessage, 'ts' | 'user' | 'botId'>): SlackMessage {
    const stored: SlackMessage = {
      ...message,
      ts: this.nextTs(),
      user: SLACK_BOT.userId,
      botId: SLACK_BOT.botId,
    };
    this.posted.push(stored);

    return { ...stored };
  }

  /** Messages in posting order; one channel's (by id or name) when given. */
  messages(reference?: string): SlackMessage[] {
    if (reference === undefined) return this.posted.map((message) => ({ ...message }));
    const channel = this.find(reference);
    if (!channel) throw new RangeError(`no channel ${reference}`);

    return this.posted
      .filter((message) => message.channel === channel.id)
      .map((message) => ({ ...message }));
  }

  reset(): void {
    this.channelsById.clear();
    this.posted = [];
    this.lastTsMicros = 0;
    this.nextChannel = 1;
    this.seed();
  }

  /** `<epoch seconds>.<6 digits>`, strictly increasing across the workspace. */
  private nextTs(): string {
    const micros = Math.max(this.clock.now() * 1000, this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    const seconds = Math.floor(micros / 1_000_000);

    return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  private seed(): void {
    for (const seed of SEEDED_CHANNELS) this.channelsById.set(seed.id, fromSeed(seed));
  }
}

function fromSeed(seed: ChannelSeed): SlackChannel {
  return {
    id: seed.id,
    name: seed.name,
    isPrivate: seed.isPrivate,
    isArchived: seed.isArchived,
    isMember: seed.isMember,
    isGeneral: seed.isGeneral ?? false,
    created: SEEDED_AT,
    purpose: seed.purpose ?? '',
  };
}

/** A channel as `conversations.list` / `conversations.info` return it. */
export function channelBody(channel: SlackChannel, teamId: string): Record<string, unknown> {
  return {
    id: channel.id,
    name: channel.name,
    is_channel: true,
    is_group: false,
    is_im: false,
    is_mpim: false,
    is_private: channel.isPrivate,
    created: channel.created,
    is_archived: channel.isArchived,
    is_general: channel.isGeneral,
    unlinked: 0,
    name_normalized: channel.name,
    is_shared: false,
    is_org_shared: false,
    is_pending_ext_shared: false,
    pending_shared: [],
    context_team_id: teamId,
    updated: channel.created * 1000,
    parent_conversation: null,
    creator: SLACK_INSTALLER.userId,
    is_ext_shared: false,
    shared_team_ids: [teamId],
    pending_connected_team_ids: [],
    is_member: channel.isMember,
    topic: { value: '', creator: '', last_set: 0 },
    purpose: {
      value: channel.purpose,
      creator: channel.purpose ? SLACK_INSTALLER.userId : '',
      last_set: channel.purpose ? channel.created : 0,
    },
    previous_names: [],
  };
}
