import { Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Environment } from '@libs/core';
import { AuditModule } from '@libs/audit';
import { OrgsModule } from '@libs/orgs';
import { OrgPlatformsModule } from '@libs/platform-migration';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { AuthGuard } from './auth.guard';
import { Authenticator, STAFF_KEYS } from './authenticator';
import { JwtVerifier } from './jwt-verifier';
import { CallerRateLimitGuard } from './rate-limit.guard';
import { loadStaffKeys } from './staff-keys';
import { StaffOrgsController } from './staff-orgs.controller';

/**
 * Who may call the API: authentication (org API keys, JWTs, staff keys), roles, per-caller
 * rate limits, and the endpoints that issue keys and onboard orgs.
 */
@Module({
  imports: [
    OrgsModule,
    OrgPlatformsModule,
    AuditModule,
    ThrottlerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => ({
        throttlers: [
          { limit: config.get('RATE_LIMIT_MAX'), ttl: config.get('RATE_LIMIT_WINDOW_MS') },
        ],
      }),
    }),
  ],
  controllers: [ApiKeysController, StaffOrgsController],
  providers: [
    ApiKeysService,
    JwtVerifier,
    Authenticator,
    {
      provide: STAFF_KEYS,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => {
        const keys = loadStaffKeys(config.get('STAFF_API_KEYS'), config.get('STAFF_KEY_FILE'));
        if (keys.file) {
          new Logger('Access').log(
            { file: keys.file, created: keys.created },
            'staff key read from its local file (set STAFF_API_KEYS in production)',
          );
        }

        return keys;
      },
    },
    // Authentication first: the rate limit counts per authenticated caller.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: CallerRateLimitGuard },
  ],
  exports: [ApiKeysService, Authenticator],
})
export class AccessModule {}
