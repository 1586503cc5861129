import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Event } from './event.entity';
import type { Org } from './org.entity';

export class CreateOrgDto {
  @ApiProperty({ example: 'Acme Events' })
  @MaxLength(200)
  @IsNotEmpty()
  @IsString()
  name: string;
}

export class OrgCreatedDto {
  @ApiProperty()
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ description: 'Shown once; send it as `Authorization: Bearer <apiKey>`.' })
  apiKey: string;

  static from(org: Org, apiKey: string): OrgCreatedDto {
    return { id: org.id, name: org.name, apiKey };
  }
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
