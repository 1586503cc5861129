import { Injectable } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { actorOf, type Principal } from '@libs/core';

/**
 * Rate limits per caller: per API key, token subject or staff key once authenticated, per
 * address before. Answers carry `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset`
 * and, when refused, `Retry-After`. Counts are kept per process.
 */
@Injectable()
export class CallerRateLimitGuard extends ThrottlerGuard {
  protected override headerPrefix = 'RateLimit';

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const principal = request.principal as Principal | undefined;

    return principal ? actorOf(principal) : `ip:${String(request.ip)}`;
  }

  /** One budget per caller across every route. */
  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    name: string,
  ): string {
    return `${name}:${tracker}`;
  }
}
