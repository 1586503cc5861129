import { MARKETO_LISTS, MARKETO_PROGRAMS, type ProgramSeed, type ProgramStatus } from './constants';
import { isRecord, marketoError, type MarketoError } from './envelope';
import type { LeadStore } from './leads';

export interface ProgramMember {
  leadId: number;
  status: string;
}

/** One result of Change Lead Program Status: `seq` is the input position. */
export interface MembershipResult {
  seq: number;
  leadId: number | null;
  status: 'created' | 'updated' | 'skipped';
  reasons?: MarketoError[];
}

export type ListMembershipResult =
  | { id: number; status: 'added' | 'removed' | 'memberof' | 'notmemberof' }
  | { id: number | null; status: 'skipped'; reasons: MarketoError[] };

interface Program {
  seed: ProgramSeed;
  /** Lead id → current status name. */
  members: Map<number, string>;
  /** Archived programs answer as not found (the emulator's model of an archived program). */
  archived: boolean;
}

function leadIdOf(value: unknown): number | undefined {
  const raw = isRecord(value) ? value.leadId : undefined;
  const id = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;

  return typeof id === 'number' && Number.isInteger(id) ? id : undefined;
}

/** Programs, their channel statuses and their members. */
export class ProgramStore {
  private readonly programs = new Map<number, Program>();

  constructor(private readonly leads: LeadStore) {
    this.reset();
  }

  /** A live (not archived) program. */
  has(id: number): boolean {
    return this.programs.get(id)?.archived === false;
  }

  /** A live program's description. */
  get(id: number): ProgramSeed | undefined {
    const program = this.programs.get(id);

    return program && !program.archived ? program.seed : undefined;
  }

  /** Channel statuses by channel name (case-insensitive), from the programs that use it. */
  channel(name: string): { name: string; statuses: ProgramStatus[] } | undefined {
    const lower = name.toLowerCase();
    const seed = [...this.programs.values()]
      .map((program) => program.seed)
      .find((candidate) => candidate.channel.toLowerCase() === lower);

    return seed ? { name: seed.channel, statuses: seed.statuses } : undefined;
  }

  /** Adds a program on the channel of an existing one (its statuses); returns its id. */
  create(name: string, channel: string): number {
    const statuses = this.channel(channel)?.statuses;
    if (!statuses) throw new RangeError(`No channel ${channel}`);
    const id = Math.max(...this.programs.keys()) + 1;
    this.programs.set(id, {
      seed: { id, name, channel: this.channel(channel)?.name ?? channel, statuses },
      members: new Map(),
      archived: false,
    });

    return id;
  }

  archive(id: number): void {
    const program = this.programs.get(id);
    if (!program) throw new RangeError(`No program ${id}`);
    program.archived = true;
  }

  list(): ProgramSeed[] {
    return [...this.programs.values()].map((program) => ({
      ...program.seed,
      statuses: program.seed.statuses.map((status) => ({ ...status })),
    }));
  }

  members(programId: number): ProgramMember[] {
    const program = this.programs.get(programId);
    if (!program) throw new RangeError(`No program ${programId}`);

    return [...program.members].map(([leadId, status]) => ({ leadId, status }));
  }

  /**
   * Moves each lead to `statusName`. A lead only moves forward: one already at or past that
   * step is skipped with 1037; an unknown status name skips every record with 1025.
   */
  changeStatus(programId: number, statusName: string, input: unknown[]): MembershipResult[] {
    const program = this.programs.get(programId);
    if (!program) throw new RangeError(`No program ${programId}`);
    const target = statusNamed(program.seed.statuses, statusName);

    return input.map((item, seq): MembershipResult => {
      const leadId = leadIdOf(item);
      const skip = (code: string, message: string): MembershipResult => ({
        seq,
        leadId: leadId ?? null,
        status: 'skipped',
        reasons: [marketoError(code, message)],
      });
      if (leadId === undefined) return skip('1003', "Invalid value for field 'leadId'");
      if (!target) return skip('1025', 'Program status not found');
      if (!this.leads.has(leadId)) return skip('1004', 'Lead not found');

      const current = program.members.get(leadId);
      const currentStep = current === undefined ? 0 : stepOf(program.seed.statuses, current);
      if (target.step <= currentStep) {
        return skip('1037', 'Lead skipped because it is already in or past this status');
      }
      program.members.set(leadId, target.name);

      return { seq, leadId, status: current === undefined ? 'created' : 'updated' };
    });
  }

  /** Drops a deleted lead from every program. */
  forget(leadId: number): void {
    for (const program of this.programs.values()) program.members.delete(leadId);
  }

  reset(): void {
    this.programs.clear();
    for (const seed of MARKETO_PROGRAMS) {
      this.programs.set(seed.id, { seed, members: new Map(), archived: false });
    }
  }
}

function statusNamed(statuses: ProgramStatus[], name: string): ProgramStatus | undefined {
  const lower = name.toLowerCase();

  return statuses.find((status) => status.name.toLowerCase() === lower);
}

function stepOf(statuses: ProgramStatus[], name: string): number {
  return statusNamed(statuses, name)?.step ?? 0;
}

/** Static lists and their members. */
export class ListStore {
  private readonly lists = new Map<number, Set<number>>();

  constructor(private readonly leads: LeadStore) {
    this.reset();
  }

  has(id: number): boolean {
    return this.lists.has(id);
  }

  members(listId: number): number[] {
    return [...this.membersOf(listId)];
  }

  add(listId: number, ids: number[]): ListMembershipResult[] {
    const members = this.membersOf(listId);

    return ids.map((id) => {
      if (!this.leads.has(id)) return notFound(id);
      members.add(id);

      return { id, status: 'added' };
    });
  }

  remove(listId: number, ids: number[]): ListMembershipResult[] {
    const members = this.membersOf(listId);

    return ids.map((id): ListMembershipResult => {
      if (!this.leads.has(id)) return notFound(id);
      if (!members.delete(id)) {
        return { id, status: 'skipped', reasons: [marketoError('1015', 'Lead not in list')] };
      }

      return { id, status: 'removed' };
    });
  }

  isMember(listId: number, ids: number[]): ListMembershipResult[] {
    const members = this.membersOf(listId);

    return ids.map((id) => {
      if (!this.leads.has(id)) return notFound(id);

      return { id, status: members.has(id) ? 'memberof' : 'notmemberof' };
    });
  }

  /** Drops a deleted lead from every list. */
  forget(leadId: number): void {
    for (const members of this.lists.values()) members.delete(leadId);
  }

  reset(): void {
    this.lists.clear();
    for (const list of MARKETO_LISTS) this.lists.set(list.id, new Set());
  }

  private membersOf(listId: number): Set<number> {
    const members = this.lists.get(listId);
    if (!members) throw new RangeError(`No list ${listId}`);

    return members;
  }
}

function notFound(id: number): ListMembershipResult {
  return { id, status: 'skipped', reasons: [marketoError('1004', 'Lead not found')] };
}
