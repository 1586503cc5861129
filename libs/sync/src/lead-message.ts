import type { NotifyMessage } from '@libs/connector-sdk';
import type { Lead } from '@libs/leads';

/** The remote "object" a messaging connector creates: one message per lead. */
export const MESSAGE_OBJECT = 'message';

/** Payload hash of an announced lead: edits after the announcement send nothing more. */
export const NOTIFIED = 'notified';

/** The message announcing a newly captured lead in a channel. */
export function leadMessage(key: string, lead: Lead, channel = ''): NotifyMessage {
  const name = [lead.firstName, lead.lastName].filter(Boolean).join(' ') || lead.email || 'Someone';
  const role = [lead.jobTitle, lead.company.name].filter(Boolean).join(', ');
  const event = lead.event.name;

  return {
    key,
    channel,
    text: `New lead: ${name}${role ? ` (${role})` : ''}${event ? ` at ${event}` : ''}`,
    lead: {
      name,
      email: lead.email ?? undefined,
      jobTitle: lead.jobTitle ?? undefined,
      company: lead.company.name ?? undefined,
      event,
      answers: Object.keys(lead.answers).length > 0 ? lead.answers : undefined,
      capturedAt: lead.capturedAt.toISOString(),
    },
  };
}
