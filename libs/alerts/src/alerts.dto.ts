import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
} from 'class-validator';
import { IsAnswers } from '@libs/core';
import { DigestPeriod, NotificationKind, type NotificationRule } from './notification-rule.entity';

export class CreateNotificationRuleDto {
  @ApiProperty({
    description: 'The messaging (Slack) connection that posts.',
    example: '3f0c6a54-8f0e-4c8e-9a57-6d0f3c1e2b7a',
  })
  @IsUUID()
  connectionId: string;

  @ApiPropertyOptional({
    enum: NotificationKind,
    default: NotificationKind.SyncErrorDigest,
    description:
      '`sync_error_digest`: a digest of new sync errors per period. `lead_captured`: which ' +
      'captured leads the connection announces (every lead while it has no such rule).',
    example: NotificationKind.SyncErrorDigest,
  })
  @IsOptional()
  @IsEnum(NotificationKind)
  kind: NotificationKind = NotificationKind.SyncErrorDigest;

  @ApiPropertyOptional({
    enum: DigestPeriod,
    example: DigestPeriod.Hourly,
    description: 'How often a digest is posted (digests only).',
  })
  @IsOptional()
  @IsEnum(DigestPeriod)
  period?: DigestPeriod;

  @ApiPropertyOptional({
    description: "Digests: channel id to post in; the connection's channel when left out.",
    example: 'C07SYNCERR1',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z0-9]{9,20}$/, { message: 'channel must be a Slack channel id, e.g. C07SYNCERR1' })
  channel?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'Digests: connections whose errors to report; every other one when left out.',
    example: ['b4d1c7e2-3a9f-4c5b-8e6d-2f1a0b9c8d73'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  watchedConnectionIds?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: 'Lead alerts: only leads captured at these events; any event when left out.',
    example: ['6a2f8c4e-9b1d-4e7a-b3c5-0d8e1f2a7b96'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  eventIds?: string[];

  @ApiPropertyOptional({
    description:
      'Lead alerts: only leads that answered each of these qualifiers with one of its values.',
    example: { 'Buying timeframe': ['This quarter', 'Next quarter'] },
  })
  @IsOptional()
  @IsAnswers()
  answers?: Record<string, string[]>;
}

export class NotificationRuleDto {
  @ApiProperty({ description: 'The rule id.', example: '9e3b7a1c-5d2f-4b8e-a6c0-4f1d2e7b9a35' })
  id: string;

  @ApiProperty({
    enum: NotificationKind,
    description: 'A digest of sync errors, or which captured leads to announce.',
    example: NotificationKind.SyncErrorDigest,
  })
  kind: NotificationKind;

  @ApiProperty({
    description: 'The messaging connection that posts.',
    example: '3f0c6a54-8f0e-4c8e-9a57-6d0f3c1e2b7a',
  })
  connectionId: string;

  @ApiProperty({
    enum: DigestPeriod,
    nullable: true,
    description: 'How often the digest is posted; null for lead alerts.',
    example: DigestPeriod.Hourly,
  })
  period: DigestPeriod | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The channel posted in; null for the connection's own channel.",
    example: 'C07SYNCERR1',
  })
  channel: string | null;

  @ApiProperty({
    type: [String],
    description: 'Digests: the connections reported on; empty for every other one.',
    example: ['b4d1c7e2-3a9f-4c5b-8e6d-2f1a0b9c8d73'],
  })
  watchedConnectionIds: string[];

  @ApiProperty({
    type: [String],
    description: 'Lead alerts: the events whose leads are announced; empty for any event.',
    example: [],
  })
  eventIds: string[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    description: 'Lead alerts: qualifier → accepted answers; empty for any answers.',
    example: {},
  })
  answers: Record<string, string[]>;

  @ApiProperty({
    type: Date,
    nullable: true,
    description: 'When the digest was last posted.',
    example: '2026-11-02T10:00:00.000Z',
  })
  lastRunAt: Date | null;
}

export class DigestMessageDto {
  @ApiProperty({
    description: 'The connection whose errors the message reports.',
    example: '3f0c6a54-8f0e-4c8e-9a57-6d0f3c1e2b7a',
  })
  connectionId: string;

  @ApiProperty({ description: 'New failed leads in the period.', example: 12 })
  failed: number;

  @ApiProperty({ description: 'Whether the message was posted.', example: true })
  ok: boolean;

  @ApiPropertyOptional({
    description: 'Why it could not be posted.',
    example: 'channel_not_found',
  })
  error?: string;
}

export class DigestRunDto {
  @ApiProperty({ description: 'The rule.', example: '9e3b7a1c-5d2f-4b8e-a6c0-4f1d2e7b9a35' })
  ruleId: string;

  @ApiProperty({
    description: 'Start of the period reported.',
    example: '2026-11-02T09:00:00.000Z',
  })
  since: Date;

  @ApiProperty({ description: 'End of the period reported.', example: '2026-11-02T10:00:00.000Z' })
  until: Date;

  @ApiProperty({
    type: [DigestMessageDto],
    description: 'One message per watched connection that had new errors in the period.',
  })
  messages: DigestMessageDto[];
}

export function toDto(rule: NotificationRule): NotificationRuleDto {
  const digest = rule.kind === NotificationKind.SyncErrorDigest;

  return {
    id: rule.id,
    kind: rule.kind,
    connectionId: rule.connection.id,
    period: digest ? rule.period : null,
    channel: rule.channel ?? null,
    watchedConnectionIds: rule.watchedConnectionIds,
    eventIds: rule.eventIds,
    answers: rule.answers,
    lastRunAt: rule.lastRunAt ?? null,
  };
}
