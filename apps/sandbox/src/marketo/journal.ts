import type { MarketoRoute } from './scenarios';

/** One HTTP exchange the emulator answered (control routes under `/__sandbox` are not recorded). */
export interface JournalEntry {
  method: string;
  path: string;
  /** Decoded query parameters; a repeated parameter keeps its last value. */
  query: Record<string, string>;
  /**
   * Parsed JSON or form body; undefined when the request had none, or was refused (token,
   * limits, armed switch) before its body was read.
   */
  body: unknown;
  status: number;
  /** The route that answered, when one did. */
  route?: MarketoRoute;
  /** First response-level error code of the envelope (`606`, `602`…), when `success` was false. */
  errorCode?: string;
  /** ISO-8601 time the request arrived (emulator clock). */
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
