/** One HTTP exchange the emulator answered (control routes under `/__sandbox` are not recorded). */
export interface JournalEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON or form body; undefined when the request had none. */
  body: unknown;
  status: number;
  /** The OAuth grant (connected app authorisation) whose access token authorised the call. */
  grantId?: number;
  /** ISO-8601 time the request arrived. */
  time: string;
  durationMs: number;
}

export class Journal {
  private entries: JournalEntry[] = [];

  record(entry: JournalEntry): void {
    this.entries.push(entry);
  }

  list(): JournalEntry[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
