import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DomainError } from '@libs/core';
import { Event } from './event.entity';
import { Org } from './org.entity';

@Injectable()
export class OrgsService {
  constructor(private readonly em: EntityManager) {}

  /** Creates an org; its first API key is the caller's to issue. */
  async create(name: string): Promise<Org> {
    const org = this.em.create(Org, { name });
    await this.em.persistAndFlush(org);

    return org;
  }

  async createEvent(org: Org, input: { name: string; isTest?: boolean }): Promise<Event> {
    const event = this.em.create(Event, { org, name: input.name, isTest: input.isTest ?? false });
    await this.em.persistAndFlush(event);

    return event;
  }

  async listEvents(org: Org): Promise<Event[]> {
    return this.em.find(Event, { org }, { orderBy: { createdAt: 'desc' } });
  }

  async getEvent(org: Org, id: string): Promise<Event> {
    const event = await this.em.findOne(Event, { id, org });
    if (!event) throw DomainError.notFound('Event', id);

    return event;
  }
}
