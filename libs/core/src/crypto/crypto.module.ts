import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment';
import { SecretBox } from './secret-box';
import { loadSecretKeys } from './secret-keys';

/** Provides the `SecretBox` that seals credentials at rest. */
@Global()
@Module({
  providers: [
    {
      provide: SecretBox,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) =>
        new SecretBox(
          loadSecretKeys(config.get('CREDENTIALS_KEYS'), config.get('CREDENTIALS_KEY_FILE')),
        ),
    },
  ],
  exports: [SecretBox],
})
export class CryptoModule {}
