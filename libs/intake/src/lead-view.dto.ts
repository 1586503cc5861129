import { ApiProperty } from '@nestjs/swagger';
import type { Lead } from '@libs/leads';
import type { SyncRecord } from '@libs/sync';
import { LeadAddressDto, LeadCompanyDto } from './lead.dto';

const CONNECTION_ID = '3f0c6a54-8f0e-4c8e-9a57-6d0f3c1e2b7a';

export class RemoteIdDto {
  @ApiProperty({ description: 'The connection that wrote the record.', example: CONNECTION_ID })
  connectionId: string;

  @ApiProperty({ description: 'Its integration.', example: 'salesforce' })
  integration: string;

  @ApiProperty({ description: 'The remote object written.', example: 'Lead' })
  object: string;

  @ApiProperty({ description: "The record's id in the vendor.", example: '00Q5g00000AbCdEAAV' })
  remoteId: string;
}

export class LeadSyncDto {
  @ApiProperty({ description: 'The connection.', example: CONNECTION_ID })
  connectionId: string;

  @ApiProperty({ description: 'Its integration.', example: 'salesforce' })
  integration: string;

  @ApiProperty({
    enum: ['awaiting_enrichment', 'queued', 'in_flight', 'frozen', 'paused', 'cleared', 'failed'],
    description: 'Where the lead is in the sync to this connection.',
    example: 'cleared',
  })
  state: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why it failed, normalised (failed leads).',
    example: null,
  })
  errorCategory: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The vendor's error code.",
    example: null,
  })
  errorCode: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The vendor's error message, verbatim.",
    example: null,
  })
  errorMessage: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The remote field the error names.',
    example: null,
  })
  errorField: string | null;

  @ApiProperty({
    type: Date,
    nullable: true,
    description: 'When it was written.',
    example: '2026-11-02T09:31:00.000Z',
  })
  syncedAt: Date | null;
}

export class LeadDto {
  @ApiProperty({ description: 'The lead id.', example: '1c9d4e7a-2b5f-4a8c-9e3d-6f0a1b2c3d45' })
  id: string;

  @ApiProperty({
    description: 'The event it was captured at.',
    example: '6a2f8c4e-9b1d-4e7a-b3c5-0d8e1f2a7b96',
  })
  eventId: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The capturing app's id.",
    example: 'scan-7f3a9c',
  })
  externalId: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'First name.', example: 'Bertha' })
  firstName: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Last name.', example: 'Boxer' })
  lastName: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Email address.',
    example: 'bertha@fcof.net',
  })
  email: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Job title.',
    example: 'Director of Vendor Relations',
  })
  jobTitle: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Phone number as captured.',
    example: '+1 352 555 0142',
  })
  phone: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Phone number provided by enrichment.',
    example: null,
  })
  mobilePhone: string | null;

  @ApiProperty({ type: LeadCompanyDto, description: "The lead's company." })
  company: LeadCompanyDto;

  @ApiProperty({ type: LeadAddressDto, description: "The lead's postal address." })
  address: LeadAddressDto;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'LinkedIn profile URL.',
    example: null,
  })
  linkedinUrl: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The rep's notes.",
    example: 'Wants a demo for 40 stores after the show.',
  })
  notes: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Lead rating.', example: 'Hot' })
  rating: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Where the lead came from.',
    example: 'Web',
  })
  leadSource: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Annual revenue of the company.',
    example: 25000000,
  })
  annualRevenue: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Number of employees of the company.',
    example: 180,
  })
  employees: number | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    description: 'Qualifier answers: qualifier name → chosen values.',
    example: { 'Lead Type': ['Hot'] },
  })
  answers: Record<string, string[]>;

  @ApiProperty({ description: 'How many times the badge was scanned.', example: 1 })
  scanCount: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Who captured the lead.',
    example: 'jane.rep@acme-events.com',
  })
  capturedBy: string | null;

  @ApiProperty({ description: 'When it was captured.', example: '2026-11-02T09:30:00.000Z' })
  capturedAt: Date;

  @ApiProperty({ description: 'Enrichment has finished for this lead.', example: true })
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
