import type { RemoteCampaign } from '@libs/connector-sdk';
import type { CampaignLink } from './campaign-link.entity';

/** The vendor's spelling of a status it knows (statuses compare case-insensitively). */
export function knownStatus(remote: RemoteCampaign, status: string): string | undefined {
  const wanted = status.trim().toLowerCase();

  return remote.statuses?.find((known) => known.toLowerCase() === wanted);
}

/**
 * The status a lead is added with: the status its answer to the link's qualifier chooses (the
 * first of its answers that has one), else the link's status; undefined for the vendor default.
 */
export function statusFor(
  link: Pick<CampaignLink, 'status' | 'statusByAnswer'>,
  answers: Record<string, string[]>,
): string | undefined {
  const byAnswer = link.statusByAnswer;
  if (byAnswer) {
    const given = answers[byAnswer.qualifier] ?? [];
    for (const answer of given) {
      const status = byAnswer.values[answer];
      if (status) return status;
    }
  }

  return link.status ?? undefined;
}
