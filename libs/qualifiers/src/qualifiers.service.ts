import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { CampaignLink } from '@libs/campaigns';
import { DomainError, ErrorCode, type FieldProblem } from '@libs/core';
import type { Org } from '@libs/orgs';
import { QualifierChoice, Qualifier } from './qualifier.entity';
import type { CreateQualifierDto, UpdateQualifierDto } from './qualifiers.dto';

type Answers = Record<string, string[]> | undefined;

/** The org's qualifiers: the questions reps answer, and the values they may choose. */
@Injectable()
export class QualifiersService {
  constructor(private readonly em: EntityManager) {}

  async list(org: Org): Promise<Qualifier[]> {
    return this.em.find(Qualifier, { org }, { orderBy: { name: 'asc' } });
  }

  /** The org's qualifier; `lock` takes its row for update in `em`'s transaction. */
  async get(org: Org, id: string, em: EntityManager = this.em, lock = false): Promise<Qualifier> {
    const qualifier = await em.findOne(
      Qualifier,
      { id, org },
      lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
    );
    if (!qualifier) throw DomainError.notFound('Qualifier', id);

    return qualifier;
  }

  async create(org: Org, input: CreateQualifierDto): Promise<Qualifier> {
    assertDistinct(input.values);
    const qualifier = this.em.create(Qualifier, {
      org,
      name: input.name,
      question: input.question,
      values: input.values,
      choice: input.choice ?? QualifierChoice.Single,
    });
    try {
      await this.em.flush();
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      throw new DomainError(ErrorCode.Conflict, `The org already has a qualifier ${input.name}`, {
        errors: [{ field: 'name', message: 'already used by another qualifier' }],
      });
    }

    return qualifier;
  }

  /**
   * Changes the qualifier with its row locked: campaign links being written at the same moment
   * are checked against the values before or after the change, never a mix.
   */
  async update(org: Org, id: string, input: UpdateQualifierDto): Promise<Qualifier> {
    return this.em.transactional(async (em) => {
      const qualifier = await this.get(org, id, em, true);
      if (input.values !== undefined) {
        assertDistinct(input.values);
        await this.assertValuesKept(em, org, qualifier, input.values);
        qualifier.values = input.values;
      }
      if (input.question !== undefined) qualifier.question = input.question;
      if (input.choice !== undefined) qualifier.choice = input.choice;

      return qualifier;
    });
  }

  /**
   * Removes the qualifier and its mappings; leads keep their answers. A qualifier that campaign
   * links choose member statuses by stays (409 naming the links) until they no longer do.
   */
  async remove(org: Org, id: string): Promise<void> {
    const qualifier = await this.get(org, id);
    const links = await this.linksChoosingBy(this.em, org, qualifier);
    if (links.length > 0) {
      throw linksConflict(
        links,
        `Campaign links choose their status by ${qualifier.name}: ${links.map((link) => link.id).join(', ')}; ` +
          'change their statusByAnswer or delete them first',
      );
    }
    await this.em.removeAndFlush(qualifier);
  }

  /** Campaign links that choose member statuses by the qualifier's answers, oldest first. */
  private linksChoosingBy(
    em: EntityManager,
    org: Org,
    qualifier: Qualifier,
  ): Promise<CampaignLink[]> {
    return em.find(
      CampaignLink,
      { org, statusByAnswer: { qualifier: qualifier.name } },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
  }

  /**
   * A value campaign links map to a member status stays among the qualifier's values (409
   * naming `values` and the links) until the links no longer map it.
   */
  private async assertValuesKept(
    em: EntityManager,
    org: Org,
    qualifier: Qualifier,
    values: string[],
  ): Promise<void> {
    const kept = new Set(values);
    const dropped = new Set<string>();
    const links = (await this.linksChoosingBy(em, org, qualifier)).filter((link) => {
      const mapped = Object.keys(link.statusByAnswer?.values ?? {}).filter((v) => !kept.has(v));
      mapped.forEach((value) => dropped.add(value));

      return mapped.length > 0;
    });
    if (links.length === 0) return;
    const named = [...dropped].map((value) => `"${value}"`).join(', ');
    throw linksConflict(
      links,
      `Campaign links map ${named} of ${qualifier.name} to a member status: ` +
        `${links.map((link) => link.id).join(', ')}; change their statusByAnswer first`,
      [{ field: 'values', message: `${named} mapped by campaign links` }],
    );
  }

  /**
   * Refuses answers the org's qualifiers do not allow: a value not among the qualifier's values,
   * or several values for a single-choice one. Answers to questions that are not qualifiers of
   * the org are kept as they are. `prefix` names the lead in a list (`leads[2].`).
   */
  async assertAnswers(
    org: Org,
    answers: Answers[],
    prefix = (_index: number) => '',
  ): Promise<void> {
    if (!answers.some((answer) => answer && Object.keys(answer).length > 0)) return;
    const qualifiers = new Map((await this.list(org)).map((q) => [q.name, q]));
    const problems: FieldProblem[] = [];
    answers.forEach((answer, index) => {
      for (const [name, values] of Object.entries(answer ?? {})) {
        const qualifier = qualifiers.get(name);
        if (!qualifier) continue;
        const field = `${prefix(index)}answers.${name}`;
        const unknown = values.filter((value) => !qualifier.values.includes(value.trim()));
        if (unknown.length > 0) {
          problems.push({
            field,
            message: `${unknown.map((value) => `"${value}"`).join(', ')} not among ${qualifier.values.join(', ')}`,
          });
        }
        if (qualifier.choice === QualifierChoice.Single && new Set(values).size > 1) {
          problems.push({ field, message: `${name} is single choice: one value` });
        }
      }
    });
    if (problems.length > 0) throw DomainError.invalid(problems);
  }
}

/** A 409 listing campaign links (id, eventId, connectionId, campaignId). */
function linksConflict(
  links: CampaignLink[],
  detail: string,
  errors?: FieldProblem[],
): DomainError {
  return new DomainError(ErrorCode.Conflict, detail, {
    ...(errors ? { errors } : {}),
    campaignLinks: links.map((link) => ({
      id: link.id,
      eventId: link.event.id,
      connectionId: link.connection.id,
      campaignId: link.campaignId,
    })),
  });
}

function assertDistinct(values: string[]): void {
  const seen = new Set<string>();
  const repeated = values.filter((value) => seen.size === seen.add(value).size);
  if (repeated.length > 0) {
    throw DomainError.invalid([
      { field: 'values', message: `${repeated.map((v) => `"${v}"`).join(', ')} listed twice` },
    ]);
  }
}
