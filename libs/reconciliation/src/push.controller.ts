import { Body, Controller, Param, Post, UseGuards } from '@nestjs/common';
import { ApiProblems, ApiUuidParam, uuidParam } from '@libs/core';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsUUID } from 'class-validator';
import { CurrentOrg, OrgAuthGuard, type Org } from '@libs/orgs';
import { ReconciliationActionsService } from './reconciliation-actions.service';
import { ActionProgressDto } from './reconciliation-views.dto';

export class PushDto {
  @ApiPropertyOptional({
    type: [String],
    description: 'Frozen leads to push.',
    example: ['1c9d4e7a-2b5f-4a8c-9e3d-6f0a1b2c3d45'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsUUID('all', { each: true })
  leadIds?: string[];

  @ApiPropertyOptional({
    description: 'Push every frozen lead of this event.',
    example: '6a2f8c4e-9b1d-4e7a-b3c5-0d8e1f2a7b96',
  })
  @IsOptional()
  @IsUUID()
  eventId?: string;
}

@ApiTags('sync')
@ApiBearerAuth()
@ApiProblems(401, 403, 429)
@ApiUuidParam('connectionId', 'The connection id.')
@UseGuards(OrgAuthGuard)
@Controller({ path: 'connections/:connectionId', version: '1' })
export class PushController {
  constructor(private readonly actions: ReconciliationActionsService) {}

  /** Pushes Frozen leads now; returns the push as an action whose progress can be followed. */
  @Post('push')
  @ApiOperation({ summary: 'Push Frozen leads of a manual connection now; follow its progress.' })
  @ApiCreatedResponse({
    type: ActionProgressDto,
    description: 'The push, to follow at `reconciliation/actions/{id}`.',
  })
  @ApiProblems(400, 404, 415, 422)
  async push(
    @CurrentOrg() org: Org,
    @Param('connectionId', uuidParam('connectionId')) connectionId: string,
    @Body() body: PushDto,
  ): Promise<ActionProgressDto> {
    return this.actions.push(org, connectionId, body);
  }
}
