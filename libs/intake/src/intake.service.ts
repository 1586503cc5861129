import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { chunk } from '@libs/connector-sdk';
import { DomainError, ErrorCode } from '@libs/core';
import { Lead } from '@libs/leads';
import type { Event, Org } from '@libs/orgs';
import { QualifiersService } from '@libs/qualifiers';
import { SyncScheduler } from '@libs/sync';
import type { LeadFieldsDto } from './lead.dto';

export interface IngestResult {
  /** The stored leads, each once, in the order their first input came. */
  leadIds: string[];
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

/** Leads stored and scheduled per round; the entities of one round are dropped before the next. */
const INGEST_CHUNK = 500;

/** The inputs that describe one lead, and where the first of them stands in the request. */
interface LeadInputs {
  index: number;
  inputs: LeadFieldsDto[];
}

/**
 * The inputs grouped by the lead they describe (same `externalId`, or without one the same
 * email), in order of each lead's first input; an input with neither is a lead of its own.
 */
function groupByLead(inputs: LeadFieldsDto[]): LeadInputs[] {
  const groups = new Map<string, LeadInputs>();
  const ordered: LeadInputs[] = [];
  inputs.forEach((input, index) => {
    const key = input.externalId
      ? `id:${input.externalId}`
      : input.email
        ? `email:${emailKey(input.email)}`
        : undefined;
    const group = key ? groups.get(key) : undefined;
    if (group) {
      group.inputs.push(input);

      return;
    }
    const fresh = { index, inputs: [input] };
    if (key) groups.set(key, fresh);
    ordered.push(fresh);
  });

  return ordered;
}

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

  /**
   * Answers must use the values of the org's qualifiers (422 naming `answers.<qualifier>`).
   * `prefix` names an input in problems (a CSV import names its lines).
   */
  async ingest(
    org: Org,
    event: Event,
    inputs: LeadFieldsDto[],
    prefix = (index: number) => (inputs.length > 1 ? `leads[${index}].` : ''),
  ): Promise<IngestResult> {
    await this.qualifiers.assertAnswers(
      org,
      inputs.map((input) => input.answers),
      prefix,
    );
    let attempt = 0;
    for (;;) {
      try {
        return await this.ingestOnce(org, event, inputs, prefix);
      } catch (error) {
        // Two requests created the same new lead at once: the retry finds the winner's row.
        if (!(error instanceof UniqueConstraintViolationException) || attempt++ > 0) throw error;
      }
    }
  }

  private async ingestOnce(
    org: Org,
    event: Event,
    inputs: LeadFieldsDto[],
    prefix: (index: number) => string,
  ): Promise<IngestResult> {
    const result = await this.em.fork().transactional(async (em) => {
      const leadIds: string[] = [];
      const due = new Map<string, Date>();
      let created = 0;
      for (const group of chunk(groupByLead(inputs), INGEST_CHUNK)) {
        const stored = await this.storeChunk(em, org, event, group, prefix);
        created += stored.created;
        leadIds.push(...stored.leadIds);
        for (const [connectionId, at] of await this.scheduler.scheduleLeads(em, stored.leadIds)) {
          const current = due.get(connectionId);
          if (!current || at < current) due.set(connectionId, at);
        }
        // A chunk's entities are written; dropping them keeps a large import's memory flat.
        em.clear();
      }

      return { leadIds, created, updated: leadIds.length - created, due };
    });
    await this.scheduler.kickAll(result.due);

    return { leadIds: result.leadIds, created: result.created, updated: result.updated };
  }

  /** Creates or updates one chunk's leads, each group's inputs applied in order. */
  private async storeChunk(
    em: EntityManager,
    org: Org,
    event: Event,
    groups: LeadInputs[],
    prefix: (index: number) => string,
  ): Promise<{ leadIds: string[]; created: number }> {
    const byExternalId = new Map<string, Lead>();
    const byEmail = new Map<string, Lead>();
    const firsts = groups.map((group) => group.inputs[0]);
    const externalIds = firsts.flatMap((input) => (input.externalId ? [input.externalId] : []));
    const emails = firsts.flatMap((input) =>
      !input.externalId && input.email ? [emailKey(input.email) as string] : [],
    );
    if (externalIds.length > 0) {
      for (const lead of await em.find(Lead, { org, externalId: { $in: externalIds } })) {
        byExternalId.set(lead.externalId as string, lead);
      }
    }
    if (emails.length > 0) {
      const found = await em.find(Lead, { org, event, externalId: null, email: { $in: emails } });
      for (const lead of found) byEmail.set(emailKey(lead.email) as string, lead);
    }

    const leads: Lead[] = [];
    let created = 0;
    for (const group of groups) {
      const first = group.inputs[0];
      let lead = first.externalId
        ? byExternalId.get(first.externalId)
        : first.email
          ? byEmail.get(emailKey(first.email) as string)
          : undefined;
      if (lead && first.externalId && lead.event.id !== event.id) {
        throw new DomainError(
          ErrorCode.Conflict,
          `Lead ${first.externalId} was captured at another event; it cannot move events`,
          {
            errors: [
              {
                field: `${prefix(group.index)}externalId`,
                message: 'already used at another event',
              },
            ],
          },
        );
      }
      if (!lead) {
        lead = em.create(Lead, { org, event });
        created += 1;
      }
      for (const input of group.inputs) {
        applyFields(lead, { ...input, email: emailKey(input.email) });
      }
      leads.push(lead);
    }
    await em.flush();

    return { leadIds: leads.map((lead) => lead.id), created };
  }
}
