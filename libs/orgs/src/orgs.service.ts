import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DomainError } from '@libs/core';
import { generateApiKey, hashApiKey } from './api-key';
import { Event } from './event.entity';
import { Org } from './org.entity';

@Injectable()
export class OrgsService {
  constructor(private readonly em: EntityManager) {}

  /** Creates an org and returns its API key, which is stored only as a hash. */
  async create(name: string): Promise<{ org: Org; apiKey: string }> {
    const apiKey = generateApiKey();
    const org = this.em.create(Org, { name, apiKeyHash: hashApiKey(apiKey) });
    await this.em.persistAndFlush(org);

    return { org, apiKey };
  }

  async findByApiKey(apiKey: string): Promise<Org | null> {
    return this.em.findOne(Org, { apiKeyHash: hashApiKey(apiKey) });
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
