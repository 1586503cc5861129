import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Lead } from '@libs/leads';
import type { SyncRecord } from '@libs/sync';

export class RemoteIdDto {
  @ApiProperty()
  connectionId: string;

  @ApiProperty({ example: 'salesforce' })
  integration: string;

  @ApiProperty({ example: 'Lead' })
  object: string;

  @ApiProperty({ example: '00Q5g00000AbCdEAAV' })
  remoteId: string;
}

export class LeadSyncDto {
  @ApiProperty()
  connectionId: string;

  @ApiProperty()
  integration: string;

  @ApiProperty({
    enum: ['awaiting_enrichment', 'queued', 'in_flight', 'frozen', 'paused', 'cleared', 'failed'],
  })
  state: string;

  @ApiPropertyOptional({ nullable: true })
  errorCategory: string | null;

  @ApiPropertyOptional({ nullable: true })
  errorCode: string | null;

  @ApiPropertyOptional({ nullable: true })
  errorMessage: string | null;

  @ApiPropertyOptional({ nullable: true })
  errorField: string | null;

  @ApiPropertyOptional({ nullable: true })
  syncedAt: Date | null;
}

export class LeadDto {
  @ApiProperty()
  id: string;

  @ApiProperty()
  eventId: string;

  @ApiPropertyOptional({ nullable: true })
  externalId: string | null;

  @ApiPropertyOptional({ nullable: true })
  firstName: string | null;

  @ApiPropertyOptional({ nullable: true })
  lastName: string | null;

  @ApiPropertyOptional({ nullable: true })
  email: string | null;

  @ApiPropertyOptional({ nullable: true })
  jobTitle: string | null;

  @ApiPropertyOptional({ nullable: true })
  phone: string | null;

  @ApiPropertyOptional({ nullable: true })
  mobilePhone: string | null;

  @ApiProperty()
  company: { name?: string; industry?: string; website?: string };

  @ApiProperty()
  address: {
    street?: string;
    city?: string;
    state?: string;
    postalCode?: string;
    country?: string;
  };

  @ApiPropertyOptional({ nullable: true })
  linkedinUrl: string | null;

  @ApiPropertyOptional({ nullable: true })
  notes: string | null;

  @ApiPropertyOptional({ nullable: true })
  rating: string | null;

  @ApiPropertyOptional({ nullable: true })
  leadSource: string | null;

  @ApiPropertyOptional({ nullable: true })
  annualRevenue: number | null;

  @ApiPropertyOptional({ nullable: true })
  employees: number | null;

  @ApiProperty()
  answers: Record<string, string[]>;

  @ApiProperty()
  scanCount: number;

  @ApiPropertyOptional({ nullable: true })
  capturedBy: string | null;

  @ApiProperty()
  capturedAt: Date;

  @ApiProperty()
  isEnriched: boolean;

  @ApiProperty({ type: [RemoteIdDto], description: 'Where the lead was written.' })
  remoteIds: RemoteIdDto[];

  @ApiProperty({ type: [LeadSyncDto], description: 'Its state in each connection.' })
  sync: LeadSyncDto[];

  static from(lead: Lead, records: SyncRecord[]): LeadDto {
    const ofLead = records.filter((record) => record.lead.id === lead.id);

    return {
      id: lead.id,
      eventId: lead.event.id,
      externalId: lead.externalId ?? null,
      firstName: lead.firstName ?? null,
      lastName: lead.lastName ?? null,
      email: lead.email ?? null,
      jobTitle: lead.jobTitle ?? null,
      phone: lead.phone ?? null,
      mobilePhone: lead.mobilePhone ?? null,
      company: { ...lead.company },
      address: { ...lead.address },
      linkedinUrl: lead.linkedinUrl ?? null,
      notes: lead.notes ?? null,
      rating: lead.rating ?? null,
      leadSource: lead.leadSource ?? null,
      annualRevenue: lead.annualRevenue ?? null,
      employees: lead.employees ?? null,
      answers: lead.answers,
      scanCount: lead.scanCount,
      capturedBy: lead.capturedBy ?? null,
      capturedAt: lead.capturedAt,
      isEnriched: lead.isEnriched,
      remoteIds: ofLead.flatMap((record) =>
        Object.entries(record.remoteIds).map(([object, remoteId]) => ({
          connectionId: record.connection.id,
          integration: record.connection.integration,
          object,
          remoteId,
        })),
      ),
      sync: ofLead.map((record) => ({
        connectionId: record.connection.id,
        integration: record.connection.integration,
        state: record.state,
        errorCategory: record.errorCategory ?? null,
        errorCode: record.errorCode ?? null,
        errorMessage: record.errorMessage ?? null,
        errorField: record.errorField ?? null,
        syncedAt: record.syncedAt ?? null,
      })),
    };
  }
}
