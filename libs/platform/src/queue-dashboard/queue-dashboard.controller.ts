import { Controller, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems, StaffOnly, type Principal } from '@libs/core';
import { CurrentPrincipal } from '@libs/orgs';
import { QueueDashboard } from './queue-dashboard';

export class DashboardLoginDto {
  @ApiProperty({
    description:
      'Open it in a browser within a minute: it sets a 30-minute session cookie for the dashboard and redirects there.',
    example: 'http://localhost:3000/admin/queues/login?ticket=eyJhY3Rvci…',
  })
  url: string;

  @ApiProperty({
    description: 'When the link stops working.',
    format: 'date-time',
    example: '2026-12-04T09:08:00.000Z',
  })
  expiresAt: Date;
}

/** The BullMQ queue dashboard at /admin/queues is for Mobly staff. */
@ApiTags('admin')
@ApiBearerAuth()
@StaffOnly()
@Controller({ path: 'admin/queue-dashboard', version: '1' })
export class QueueDashboardController {
  constructor(private readonly dashboard: QueueDashboard) {}

  @Post('logins')
  @ApiOperation({ summary: 'Get a login link to the queue dashboard (staff only).' })
  @ApiCreatedResponse({ type: DashboardLoginDto })
  @ApiProblems(401, 403, 429)
  create(@CurrentPrincipal() principal: Principal): DashboardLoginDto {
    return this.dashboard.login(principal);
  }
}
