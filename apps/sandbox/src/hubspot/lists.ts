import type { Clock } from './clock';
import { HUBSPOT_USER, LIST_ID_BASE } from './constants';

export type ListProcessingType = 'MANUAL' | 'SNAPSHOT' | 'DYNAMIC';

export interface HubSpotList {
  listId: string;
  name: string;
  objectTypeId: string;
  processingType: ListProcessingType;
  createdAt: string;
  updatedAt: string;
  /** Record ids in the order they were added. */
  members: string[];
}

export function isProcessingType(value: unknown): value is ListProcessingType {
  return value === 'MANUAL' || value === 'SNAPSHOT' || value === 'DYNAMIC';
}

/** Lists (ILS) of the sandbox account. */
export class ListStore {
  private readonly lists = new Map<string, HubSpotList>();
  private sequence = 0;

  constructor(private readonly clock: Clock) {}

  create(name: string, objectTypeId: string, processingType: ListProcessingType): HubSpotList {
    this.sequence += 1;
    const now = this.clock.iso();
    const list: HubSpotList = {
      listId: String(LIST_ID_BASE + this.sequence),
      name,
      objectTypeId,
      processingType,
      createdAt: now,
      updatedAt: now,
      members: [],
    };
    this.lists.set(list.listId, list);

    return list;
  }

  get(listId: string): HubSpotList | undefined {
    return this.lists.get(listId);
  }

  /** Deletes a list (as an admin archiving it): it is no longer found. */
  delete(listId: string): boolean {
    return this.lists.delete(listId);
  }

  findByName(name: string): HubSpotList | undefined {
    const wanted = name.toLowerCase();

    return [...this.lists.values()].find((list) => list.name.toLowerCase() === wanted);
  }

  list(): HubSpotList[] {
    return [...this.lists.values()].map((list) => ({ ...list, members: [...list.members] }));
  }

  /** Adds record ids; returns those newly added (ids already present are neither). */
  add(list: HubSpotList, recordIds: string[]): string[] {
    const added = recordIds.filter((id) => !list.members.includes(id));
    list.members.push(...added);
    if (added.length > 0) list.updatedAt = this.clock.iso();

    return added;
  }

  remove(list: HubSpotList, recordIds: string[]): string[] {
    const removed = recordIds.filter((id) => list.members.includes(id));
    list.members = list.members.filter((id) => !removed.includes(id));
    if (removed.length > 0) list.updatedAt = this.clock.iso();

    return removed;
  }

  /** The list as the Lists API serialises it. */
  body(list: HubSpotList): Record<string, unknown> {
    return {
      listId: list.listId,
      listVersion: 1,
      name: list.name,
      objectTypeId: list.objectTypeId,
      processingType: list.processingType,
      processingStatus: 'COMPLETE',
      createdAt: list.createdAt,
      updatedAt: list.updatedAt,
      filtersUpdatedAt: list.createdAt,
      createdById: String(HUBSPOT_USER.id),
      updatedById: String(HUBSPOT_USER.id),
      size: list.members.length,
    };
  }

  reset(): void {
    this.lists.clear();
    this.sequence = 0;
  }
}
