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
  @ApiProperty({ description: 'The messaging (Slack) connection that posts.' })
  @IsUUID()
  connectionId: string;

  @ApiPropertyOptional({
    enum: NotificationKind,
    default: NotificationKind.SyncErrorDigest,
    description:
      '`sync_error_digest`: a digest of new sync errors per period. `lead_captured`: which ' +
      'captured leads the connection announces (every lead while it has no such rule).',
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
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  watchedConnectionIds?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: 'Lead alerts: only leads captured at these events; any event when left out.',
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

export interface NotificationRuleDto {
  id: string;
  kind: NotificationKind;
  connectionId: string;
  period: DigestPeriod | null;
  channel: string | null;
  watchedConnectionIds: string[];
  eventIds: string[];
  answers: Record<string, string[]>;
  lastRunAt: Date | null;
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
