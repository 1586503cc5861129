import type { RunningPlatform } from './bootstrap';

/** Keeps the process up until SIGINT or SIGTERM, then closes everything it started. */
export function runUntilSignal(platform: RunningPlatform): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      platform.close().finally(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
