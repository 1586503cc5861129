import type { DigestCard, LeadCard } from '@libs/connector-sdk';
import type {
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  KnownBlock,
  MrkdwnElement,
  SectionBlock,
} from '@slack/types';

import { BLOCK_KIT_LIMITS } from './constants';

/** A message ready for `chat.postMessage`: fallback text (notifications, search) and blocks. */
export interface SlackMessageContent {
  text: string;
  blocks: KnownBlock[];
}

/** The sync-error digest the host sends; the connector lays it out. */
export type SyncErrorDigest = DigestCard;

/** Escapes the three characters Slack's mrkdwn and `text` reserve for its own markup. */
export function escapeMrkdwn(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts a text to Slack's limit, ending in an ellipsis when it was cut (never mid-entity). */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;

  return `${value.slice(0, max - 1).replace(/&[a-z]*$/, '')}…`;
}

/** A link in mrkdwn; the URL keeps its characters but loses the ones that would end the link. */
function link(url: string, label: string): string {
  return `<${url.replace(/[<>|]/g, encodeURIComponent)}|${escapeMrkdwn(label)}>`;
}

function header(text: string): HeaderBlock {
  return {
    type: 'header',
    text: { type: 'plain_text', text: truncate(text, BLOCK_KIT_LIMITS.headerText), emoji: true },
  };
}

function mrkdwn(text: string, max: number): MrkdwnElement {
  return { type: 'mrkdwn', text: truncate(text, max) };
}

function section(text: string): SectionBlock {
  return { type: 'section', text: mrkdwn(text, BLOCK_KIT_LIMITS.sectionText) };
}

const divider: DividerBlock = { type: 'divider' };

function context(text: string): ContextBlock {
  return { type: 'context', elements: [mrkdwn(text, BLOCK_KIT_LIMITS.sectionText)] };
}

function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/** Slack's date token: shown in each reader's time zone, with the ISO time as fallback. */
function slackDate(iso: string): string | undefined {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;

  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} at {time}|${new Date(ms).toISOString()}>`;
}

function leadSummary(lead: LeadCard): string {
  const role = [lead.jobTitle, lead.company].filter(Boolean).join(', ');

  return `New lead: ${lead.name}${role ? ` (${role})` : ''}${lead.event ? ` at ${lead.event}` : ''}`;
}

/**
 * The message for a newly captured lead: who (name, title, company, email), where (event), the
 * qualifier answers, and when it was captured.
 */
export function leadMessage(lead: LeadCard): SlackMessageContent {
  const blocks: KnownBlock[] = [header(`New lead: ${lead.name}`)];

  const details: Array<[string, string | undefined]> = [
    ['Title', lead.jobTitle && escapeMrkdwn(lead.jobTitle)],
    ['Company', lead.company && escapeMrkdwn(lead.company)],
    ['Email', lead.email && link(`mailto:${lead.email}`, lead.email)],
    ['Event', lead.event && escapeMrkdwn(lead.event)],
  ];
  const fields = details
    .filter((detail): detail is [string, string] => Boolean(detail[1]))
    .map(([label, value]) => mrkdwn(`*${label}*\n${value}`, BLOCK_KIT_LIMITS.fieldText));
  if (fields.length > 0) blocks.push({ type: 'section', fields });

  const answers = Object.entries(lead.answers ?? {}).filter(([, values]) => values.length > 0);
  if (answers.length > 0) {
    const lines = answers.map(
      ([question, values]) => `*${escapeMrkdwn(question)}:* ${escapeMrkdwn(values.join(', '))}`,
    );
    blocks.push(section(lines.join('\n')));
  }

  const captured = lead.capturedAt ? slackDate(lead.capturedAt) : undefined;
  if (captured) blocks.push(context(`Captured ${captured}`));

  return { text: escapeMrkdwn(truncate(leadSummary(lead), BLOCK_KIT_LIMITS.sectionText)), blocks };
}

/**
 * The digest of new sync errors: per category, how many leads, what went wrong and where the fix
 * is explained; most frequent first. Categories beyond what one message holds are summed up.
 */
export function syncErrorDigestMessage(digest: SyncErrorDigest): SlackMessageContent {
  const categories = digest.categories
    .filter((entry) => entry.count > 0)
    .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
  const total = categories.reduce((sum, entry) => sum + entry.count, 0);
  const period = digest.period ? ` ${digest.period}` : '';
  const summary = `${plural(total, 'lead')} failed to sync to ${digest.connection}${period}`;

  const blocks: KnownBlock[] = [
    header(`Sync errors: ${digest.connection}`),
    section(`*${escapeMrkdwn(summary)}*`),
    divider,
  ];
  const room = BLOCK_KIT_LIMITS.blocks - blocks.length - (digest.reconciliationUrl ? 1 : 0);
  const shown = categories.length > room ? categories.slice(0, room - 1) : categories;
  for (const entry of shown) {
    const lines = [
      `*${escapeMrkdwn(entry.category)}* · ${plural(entry.count, 'lead')}`,
      escapeMrkdwn(entry.description),
    ];
    if (entry.helpUrl) lines.push(link(entry.helpUrl, 'How to fix it'));
    blocks.push(section(lines.join('\n')));
  }
  const hidden = categories.slice(shown.length);
  if (hidden.length > 0) {
    const count = hidden.reduce((sum, entry) => sum + entry.count, 0);
    blocks.push(
      section(
        `…and ${plural(count, 'lead')} in ${plural(hidden.length, 'other category', 'other categories')}`,
      ),
    );
  }
  if (digest.reconciliationUrl) {
    blocks.push(context(link(digest.reconciliationUrl, 'Open reconciliation to retry them')));
  }

  const breakdown = categories.map((entry) => `${entry.category} ${entry.count}`).join(', ');

  return {
    text: escapeMrkdwn(truncate(`${summary}${breakdown ? `: ${breakdown}` : ''}`, 3000)),
    blocks,
  };
}
