import express, { type Express } from 'express';

import type { VendorEmulator } from './vendor';

/**
 * One HTTP server for every vendor fake: each vendor's real API paths are mounted at the root
 * (they do not overlap) and its test controls under `/__sandbox/<vendor>`.
 */
export function createSandboxApp(
  emulators: VendorEmulator[],
  options: { latencyMs?: number } = {},
): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  for (const emulator of emulators) {
    app.use(`/__sandbox/${emulator.vendor}`, emulator.controlRouter());
  }
  app.get('/__sandbox', (_req, res) => {
    res.json({ vendors: emulators.map((emulator) => emulator.vendor) });
  });
  app.post('/__sandbox/reset', (_req, res) => {
    for (const emulator of emulators) emulator.reset();
    res.status(204).end();
  });
  app.use('/__sandbox', (_req, res) => {
    res.status(404).json({ error: 'unknown sandbox control route' });
  });

  const latencyMs = options.latencyMs ?? 0;
  if (latencyMs > 0) app.use((_req, _res, next) => setTimeout(next, latencyMs));
  for (const emulator of emulators) app.use(emulator.router());

  app.use((_req, res) => {
    res.status(404).json({ error: 'no emulated vendor answers this path' });
  });

  return app;
}
