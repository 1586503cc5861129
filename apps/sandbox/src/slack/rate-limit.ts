import type { Clock } from './clock';

/**
 * `chat.postMessage`'s special tier: at most `limit` messages per channel in any `windowMs`
 * (about one per second). Only messages actually posted count.
 */
export class PostRateLimiter {
  private readonly posts = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly window: () => { limit: number; windowMs: number },
  ) {}

  /** Whole seconds to wait before the channel takes another message; undefined when it can now. */
  retryAfterSeconds(channelId: string): number | undefined {
    const { limit, windowMs } = this.window();
    if (limit <= 0) return undefined;
    const recent = this.recent(channelId, windowMs);
    if (recent.length < limit) return undefined;
    const freeAt = recent[recent.length - limit] + windowMs;

    return Math.max(1, Math.ceil((freeAt - this.clock.now()) / 1000));
  }

  record(channelId: string): void {
    const { windowMs } = this.window();
    this.posts.set(channelId, [...this.recent(channelId, windowMs), this.clock.now()]);
  }

  reset(): void {
    this.posts.clear();
  }

  private recent(channelId: string, windowMs: number): number[] {
    const since = this.clock.now() - windowMs;

    return (this.posts.get(channelId) ?? []).filter((at) => at > since);
  }
}
