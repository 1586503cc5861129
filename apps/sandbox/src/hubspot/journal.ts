import type { HubSpotRoute } from './scenarios';

/** One HTTP exchange the emulator answered (control routes under `/__sandbox` are not recorded). */
export interface HubSpotJournalEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The emulated route that answered, when the path is a known HubSpot endpoint. */
  route?: HubSpotRoute;
  /** Parsed JSON or form body; undefined when the request had none. */
  body: unknown;
  status: number;
  /** ISO-8601 time the request arrived. */
  time: string;
  durationMs: number;
}

export class Journal {
  private entries: HubSpotJournalEntry[] = [];

  record(entry: HubSpotJournalEntry): void {
    this.entries.push(entry);
  }

  list(): HubSpotJournalEntry[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
