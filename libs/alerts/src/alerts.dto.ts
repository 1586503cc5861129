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
import { DigestPeriod, type NotificationRule } from './notification-rule.entity';

export class CreateNotificationRuleDto {
  @ApiProperty({ description: 'The messaging (Slack) connection that posts the digest.' })
  @IsUUID()
  connectionId: string;

  @ApiProperty({ enum: DigestPeriod, example: DigestPeriod.Hourly })
  @IsEnum(DigestPeriod)
  period: DigestPeriod;

  @ApiPropertyOptional({
    description: "Channel id to post in; the connection's channel when left out.",
    example: 'C07SYNCERR1',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z0-9]{9,20}$/, { message: 'channel must be a Slack channel id, e.g. C07SYNCERR1' })
  channel?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'Connections whose errors to report; every other connection when left out.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  watchedConnectionIds?: string[];
}

export interface NotificationRuleDto {
  id: string;
  kind: string;
  connectionId: string;
  period: DigestPeriod;
  channel: string | null;
  watchedConnectionIds: string[];
  lastRunAt: Date | null;
}

export function toDto(rule: NotificationRule): NotificationRuleDto {
  return {
    id: rule.id,
    kind: rule.kind,
    connectionId: rule.connection.id,
    period: rule.period,
    channel: rule.channel ?? null,
    watchedConnectionIds: rule.watchedConnectionIds,
    lastRunAt: rule.lastRunAt ?? null,
  };
}
