/** Ends a check as failed; the message is the reason shown in the report. */
export class CheckFailure extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'CheckFailure';
  }
}

export function fail(reason: string): never {
  throw new CheckFailure(reason);
}
