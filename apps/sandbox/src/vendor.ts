import type { Router } from 'express';

/** One vendor's fake, mounted on the shared sandbox server. */
export interface VendorEmulator {
  /** Path segment of the control surface: `/__sandbox/<vendor>/...`. */
  readonly vendor: string;
  /** The vendor's real API paths; they must not overlap another vendor's. */
  router(): Router;
  /** Test controls (journal, state, scenario switches); never called by real clients. */
  controlRouter(): Router;
  reset(): void;
}
