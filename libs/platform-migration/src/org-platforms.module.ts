import { Module } from '@nestjs/common';
import { OrgPlatforms } from './org-platforms.service';

/** The per-org platform rows, for the modules that create orgs. */
@Module({ providers: [OrgPlatforms], exports: [OrgPlatforms] })
export class OrgPlatformsModule {}
