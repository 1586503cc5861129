import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Event } from './event.entity';

export class CreateOrgDto {
  @ApiProperty({ description: 'The customer name.', example: 'Acme Events' })
  @MaxLength(200)
  @IsNotEmpty()
  @IsString()
  name: string;

  @ApiPropertyOptional({
    enum: ['legacy', 'new'],
    default: 'new',
    description:
      'The platform every category of the org starts on: `legacy` for a customer imported ' +
      'from the legacy stack (Mobly staff move it later), `new` otherwise.',
    example: 'new',
  })
  @IsOptional()
  @IsIn(['legacy', 'new'])
  platform?: 'legacy' | 'new';
}

export class CreateEventDto {
  @ApiProperty({ description: 'The event name, as reps know it.', example: 'Dreamforce 2026' })
  @MaxLength(200)
  @IsNotEmpty()
  @IsString()
  name: string;

  @ApiPropertyOptional({ description: 'A test event, for test leads.', example: false })
  @IsOptional()
  @IsBoolean()
  isTest?: boolean;
}

export class EventDto {
  @ApiProperty({ description: 'The event id.', example: '6a2f8c4e-9b1d-4e7a-b3c5-0d8e1f2a7b96' })
  id: string;

  @ApiProperty({ description: 'The event name.', example: 'Dreamforce 2026' })
  name: string;

  @ApiProperty({ description: 'A test event, for test leads.', example: false })
  isTest: boolean;

  @ApiProperty({ description: 'When it was created.', example: '2026-11-02T09:30:00.000Z' })
  createdAt: Date;

  static from(event: Event): EventDto {
    return { id: event.id, name: event.name, isTest: event.isTest, createdAt: event.createdAt };
  }
}
