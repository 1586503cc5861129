import type { EntityManager } from '@mikro-orm/postgresql';
import type { ConnectorDefinition, UpsertRecord } from '@libs/connector-sdk';
import type { Connection } from '@libs/connections';
import type { Lead } from '@libs/leads';
import { MappingRow } from '@libs/mappings';
import { mapLead, payloadHash } from './payload';

type Related = NonNullable<UpsertRecord['related']>;

/**
 * What the connector is told of a lead's company: the values of the connection's mapping rows
 * for its Company object (HubSpot `companies`, Salesforce `Account`), keyed by that object.
 * Without such rows nothing is sent and the connector writes the person alone.
 */
export class RelatedRecords {
  private constructor(
    private readonly object: string | undefined,
    private readonly rows: MappingRow[],
  ) {}

  static async load(
    em: EntityManager,
    connection: Connection,
    definition: ConnectorDefinition,
  ): Promise<RelatedRecords> {
    const company = definition.capabilities.objects.find((object) => object.role === 'company');
    const rows = company ? await em.find(MappingRow, { connection, object: company.name }) : [];

    return new RelatedRecords(company?.name, rows);
  }

  /** The related records of one lead; undefined when none are mapped or none has a value. */
  of(lead: Lead): Related | undefined {
    if (!this.object || this.rows.length === 0) return undefined;
    const { values } = mapLead(lead, this.rows);

    return Object.keys(values).length > 0 ? { [this.object]: values } : undefined;
  }
}

/**
 * The payload hash of a lead and its related records, so a change to the company alone syncs
 * the lead again; without related records it is the hash of the lead's own values.
 */
export function hashWithRelated(
  object: string,
  values: UpsertRecord['values'],
  writeIfBlank: string[],
  related: Related | undefined,
): string {
  if (!related) return payloadHash(object, values, writeIfBlank);
  const flattened: UpsertRecord['values'] = { ...values };
  for (const [name, fields] of Object.entries(related)) {
    for (const [field, value] of Object.entries(fields)) flattened[`${name}.${field}`] = value;
  }

  return payloadHash(object, flattened, writeIfBlank);
}

/** The remote ids to keep after a write: what was stored, the related records', the person's. */
export function storedRemoteIds(
  current: Record<string, string>,
  result: { object: string; remoteId: string; related?: Record<string, string> },
): Record<string, string> {
  return { ...current, ...result.related, [result.object]: result.remoteId };
}

/**
 * The person a lead is stored as on a connection: another persona object it was written as (a
 * Salesforce Contact it matched, or its converted Lead's Contact) before the connection's own.
 */
export function storedPerson(
  remoteIds: Record<string, string>,
  object: string,
  definition: ConnectorDefinition,
): { object: string; id: string } | undefined {
  const personas = definition.capabilities.objects
    .filter((candidate) => candidate.role === 'persona')
    .map((candidate) => candidate.name);
  const chosen = personas.find((name) => name !== object && remoteIds[name]) ?? object;
  const id = remoteIds[chosen];

  return id ? { object: chosen, id } : undefined;
}
