import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@libs/core';
import { Lead } from '@libs/leads';
import type { Event, Org } from '@libs/orgs';
import { QualifiersService } from '@libs/qualifiers';
import { SyncScheduler } from '@libs/sync';
import type { LeadFieldsDto } from './lead.dto';

export interface IngestResult {
  leads: Lead[];
  created: number;
  updated: number;
}

const SCALAR_FIELDS = [
  'externalId',
  'firstName',
  'lastName',
  'email',
  'jobTitle',
  'phone',
  'mobilePhone',
  'linkedinUrl',
  'notes',
  'rating',
  'leadSource',
  'annualRevenue',
  'employees',
  'answers',
  'scanCount',
  'capturedBy',
  'capturedAt',
  'isEnriched',
] as const satisfies ReadonlyArray<keyof LeadFieldsDto & keyof Lead>;

function applyFields(lead: Lead, input: LeadFieldsDto): void {
  for (const field of SCALAR_FIELDS) {
    if (input[field] !== undefined) Object.assign(lead, { [field]: input[field] });
  }
  if (input.company) Object.assign(lead.company, input.company);
  if (input.address) Object.assign(lead.address, input.address);
}

const emailKey = (email: string | undefined): string | undefined => email?.trim().toLowerCase();

/**
 * Stores captured leads (new or updated) and schedules their sync in the same transaction.
 * A lead is the same lead when it carries the same `externalId`, or, without one, the same
 * email at the same event.
 */
@Injectable()
export class IntakeService {
  constructor(
    private readonly em: EntityManager,
    private readonly scheduler: SyncScheduler,
    private readonly qualifiers: QualifiersService,
  ) {}

  /** Answers must use the values of the org's qualifiers (422 naming `answers.<qualifier>`). */
  async ingest(org: Org, event: Event, inputs: LeadFieldsDto[]): Promise<IngestResult> {
    await this.qualifiers.assertAnswers(
      org,
      inputs.map((input) => input.answers),
      (index) => (inputs.length > 1 ? `leads[${index}].` : ''),
    );
    let attempt = 0;
    for (;;) {
      try {
        return await this.ingestOnce(org, event, inputs);
      } catch (error) {
        // Two requests created the same new lead at once: the retry finds the winner's row.
        if (!(error instanceof UniqueConstraintViolationException) || attempt++ > 0) throw error;
      }
    }
  }

  private async ingestOnce(org: Org, event: Event, inputs: LeadFieldsDto[]): Promise<IngestResult> {
    const result = await this.em.fork().transactional(async (em) => {
      const byExternalId = new Map<string, Lead>();
      const byEmail = new Map<string, Lead>();
      const externalIds = inputs.flatMap((input) => (input.externalId ? [input.externalId] : []));
      const emails = inputs.flatMap((input) =>
        !input.externalId && input.email ? [emailKey(input.email) as string] : [],
      );
      if (externalIds.length > 0) {
        for (const lead of await em.find(Lead, { org, externalId: { $in: externalIds } })) {
          byExternalId.set(lead.externalId as string, lead);
        }
      }
      if (emails.length > 0) {
        const found = await em.find(Lead, {
          org,
          event,
          externalId: null,
          email: { $in: emails },
        });
        for (const lead of found) byEmail.set(emailKey(lead.email) as string, lead);
      }

      const leads: Lead[] = [];
      let created = 0;
      for (const input of inputs) {
        const key = input.externalId ? undefined : emailKey(input.email);
        let lead = input.externalId ? byExternalId.get(input.externalId) : key && byEmail.get(key);
        if (lead && input.externalId && lead.event.id !== event.id) {
          throw new DomainError(
            ErrorCode.Conflict,
            `Lead ${input.externalId} was captured at another event; it cannot move events`,
            { errors: [{ field: 'externalId', message: 'already used at another event' }] },
          );
        }
        if (!lead) {
          lead = em.create(Lead, { org, event });
          created += 1;
          if (input.externalId) byExternalId.set(input.externalId, lead);
          else if (key) byEmail.set(key, lead);
        }
        applyFields(lead, { ...input, email: emailKey(input.email) });
        if (!leads.includes(lead)) leads.push(lead);
      }
      await em.flush();
      const due = await this.scheduler.scheduleLeads(
        em,
        leads.map((lead) => lead.id),
      );

      return { leads, created, updated: leads.length - created, due };
    });
    await this.scheduler.kickAll(result.due);

    return { leads: result.leads, created: result.created, updated: result.updated };
  }
}
