/** One Web API call the emulator answered (control routes under `/__sandbox` are not recorded). */
export interface SlackJournalEntry {
  /** The Web API method, e.g. `chat.postMessage`; for the authorize page, its path. */
  method: string;
  httpMethod: string;
  path: string;
  contentType?: string;
  /** Where the token came from: the `Authorization` header or a `token` form field. */
  tokenSource?: 'header' | 'body';
  /** Arguments as received (query and body); JSON-string `blocks`/`attachments` decoded. */
  args: Record<string, unknown>;
  status: number;
  ok: boolean;
  /** The `error` of an `ok:false` answer. */
  error?: string;
  /** Seconds of the `Retry-After` header, on a 429. */
  retryAfter?: number;
  /** When the request arrived, on the emulator's clock (epoch ms and ISO-8601). */
  at: number;
  time: string;
  durationMs: number;
}

export class Journal {
  private entries: SlackJournalEntry[] = [];

  record(entry: SlackJournalEntry): void {
    this.entries.push(entry);
  }

  list(): SlackJournalEntry[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.entries = [];
  }
}
