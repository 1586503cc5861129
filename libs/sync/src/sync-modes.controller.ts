import { Body, Controller, Delete, Param, Post, Put, UseGuards } from '@nestjs/common';
import { uuidParam, type Principal } from '@libs/core';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsEnum, IsObject, IsOptional, IsUUID } from 'class-validator';
import type { Credentials } from '@libs/connector-sdk';
import { ConnectionDto, SyncMode } from '@libs/connections';
import { CurrentOrg, CurrentPrincipal, OrgAuthGuard, type Org } from '@libs/orgs';
import { SyncModesService } from './sync-modes.service';

export class SetSyncModeDto {
  @ApiProperty({ enum: SyncMode })
  @IsEnum(SyncMode)
  mode: SyncMode;
}

export class PushDto {
  @ApiPropertyOptional({ type: [String], description: 'Frozen leads to push.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsUUID('all', { each: true })
  leadIds?: string[];

  @ApiPropertyOptional({ description: 'Push every frozen lead of this event.' })
  @IsOptional()
  @IsUUID()
  eventId?: string;
}

export class ReauthorizeDto {
  @ApiProperty({ description: 'New credentials, with the fields the integration declares.' })
  @IsObject()
  credentials: Credentials;
}

export class MovedDto {
  @ApiProperty({ description: 'How many leads changed state.' })
  moved: number;
}

@ApiTags('sync')
@ApiBearerAuth()
@UseGuards(OrgAuthGuard)
@Controller({ path: 'connections/:connectionId', version: '1' })
export class SyncModesController {
  constructor(private readonly modes: SyncModesService) {}

  /** Automatic, manual (held as Frozen) or disabled (held as Paused). */
  @Put('sync-mode')
  async setMode(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Body() body: SetSyncModeDto,
  ): Promise<MovedDto> {
    return { moved: await this.modes.setMode(org, connectionId, body.mode) };
  }

  /** Re-authorise with new credentials; held leads then sync on their own. */
  @Post('reauthorize')
  async reauthorize(
    @CurrentOrg() org: Org,
    @CurrentPrincipal() actor: Principal,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Body() body: ReauthorizeDto,
  ): Promise<ConnectionDto> {
    return ConnectionDto.from(
      await this.modes.reauthorize(org, connectionId, body.credentials, actor),
    );
  }

  /** Disconnect: credentials erased, waiting leads held as Paused. */
  @Delete()
  async disconnect(
    @CurrentOrg() org: Org,
    @CurrentPrincipal() actor: Principal,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
  ): Promise<ConnectionDto> {
    return ConnectionDto.from(await this.modes.disconnect(org, connectionId, actor));
  }

  /** Pushes Frozen leads now; follow them in the reconciliation summary. */
  @Post('push')
  async push(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Body() body: PushDto,
  ): Promise<MovedDto> {
    return { moved: await this.modes.push(org, connectionId, body) };
  }
}
