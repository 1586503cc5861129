/**
 * Keeps one connection's posts within the declared rate: each call starts at least `spacingMs`
 * after the previous one ended, one call at a time. Spacing from the end rather than the start
 * keeps the gap Slack sees at least `spacingMs` however long the previous answer took.
 */
export class Pacer {
  private lastEnded: number | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly spacingMs: number) {}

  run<T>(call: () => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      await this.waitTurn();
      try {
        return await call();
      } finally {
        this.lastEnded = Date.now();
      }
    });
    this.queue = next.catch(() => undefined);

    return next;
  }

  private async waitTurn(): Promise<void> {
    if (this.lastEnded === undefined) return;
    const wait = this.lastEnded + this.spacingMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
