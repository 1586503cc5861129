import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Event } from './event.entity';

export class CreateOrgDto {
  @ApiProperty({ example: 'Acme Events' })
  @MaxLength(200)
  @IsNotEmpty()
  @IsString()
  name: string;
}

export class CreateEventDto {
  @ApiProperty({ example: 'Dreamforce 2026' })
  @MaxLength(200)
  @IsNotEmpty()
  @IsString()
  name: string;

  @ApiPropertyOptional({ description: 'A test event, for test leads.' })
  @IsOptional()
  @IsBoolean()
  isTest?: boolean;
}

export class EventDto {
  @ApiProperty()
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  isTest: boolean;

  @ApiProperty()
  createdAt: Date;

  static from(event: Event): EventDto {
    return { id: event.id, name: event.name, isTest: event.isTest, createdAt: event.createdAt };
  }
}
