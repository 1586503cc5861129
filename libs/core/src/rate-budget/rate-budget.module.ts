import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { PostgresRateBudget } from './postgres-rate-budget';
import { RATE_BUDGET, type RateBudget } from './rate-budget';
import { RedisRateBudget } from './redis-rate-budget';

export interface RateBudgetModuleOptions {
  /** Budgets on Redis when set; otherwise in the `databaseUrl` database. */
  redisUrl?: string;
  databaseUrl: string;
  /** Key prefix of the budgets on Redis. */
  prefix: string;
}

/** The vendor accounts' shared rate budgets, on the same store as the job queue. */
@Module({})
export class RateBudgetModule implements OnApplicationShutdown {
  constructor(@Inject(RATE_BUDGET) private readonly budget: RateBudget) {}

  static forRoot(options: RateBudgetModuleOptions): DynamicModule {
    return {
      module: RateBudgetModule,
      global: true,
      providers: [
        {
          provide: RATE_BUDGET,
          useFactory: (): RateBudget =>
            options.redisUrl
              ? new RedisRateBudget(options.redisUrl, options.prefix)
              : new PostgresRateBudget(options.databaseUrl),
        },
      ],
      exports: [RATE_BUDGET],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.budget.close();
  }
}
