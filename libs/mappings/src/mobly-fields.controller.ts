import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { LEAD_FIELDS } from '@libs/leads';
import { OrgAuthGuard } from '@libs/orgs';

export class MoblyFieldDto {
  @ApiProperty({ example: 'company.name', description: 'The path a mapping row reads.' })
  path: string;

  @ApiProperty({ example: 'Company' })
  label: string;

  @ApiProperty({ enum: ['text', 'email', 'phone', 'url', 'number', 'picklist'] })
  type: string;
}

/** The catalogue of Mobly lead fields a mapping row can read. */
@ApiTags('mappings')
@ApiBearerAuth()
@UseGuards(OrgAuthGuard)
@Controller({ path: 'mobly-fields', version: '1' })
export class MoblyFieldsController {
  @Get()
  list(): MoblyFieldDto[] {
    return LEAD_FIELDS.map((field) => ({ ...field }));
  }
}
