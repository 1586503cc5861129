/** Wall clock with a test-controlled offset, so token expiry can be reached without waiting. */
export class Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}

/** Salesforce's timestamp format: `2024-01-01T12:00:00.000+0000`. */
export function salesforceTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}
