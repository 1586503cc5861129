import express, { Router, type NextFunction, type Request, type Response } from 'express';

import type { MarketoEmulator } from '../emulator';
import { isRecord, sendJson } from '../envelope';
import { isFailureKind, isMarketoRoute, type ArmOptions } from '../scenarios';
import type { MarketoSettings } from '../state';

/** A control request the emulator refuses: answered 400 `{ "error": message }`. */
class ControlError extends Error {}

function body(req: Request): Record<string, unknown> {
  const value: unknown = req.body;

  return isRecord(value) ? value : {};
}

function idParam(req: Request): number {
  const id = Number(req.params.id);
  if (!Number.isInteger(id)) throw new ControlError(`invalid id: ${String(req.params.id)}`);

  return id;
}

function optionalNumber(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number') throw new ControlError(`invalid ${name}`);

  return value;
}

const SETTING_NAMES: ReadonlyArray<keyof MarketoSettings> = [
  'accessTokenTtlSeconds',
  'rateLimitCalls',
  'rateWindowMs',
  'concurrencyLimit',
  'dailyQuota',
  'responseDelayMs',
];

/**
 * Test controls under `/__sandbox/marketo`, mirroring the emulator's programmatic API so a test
 * in another process can drive it.
 */
export function controlRoutes(emulator: MarketoEmulator): Router {
  const router = Router();
  router.use(express.json({ limit: '5mb' }));

  router.get('/connection', (req, res) => {
    const base = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    sendJson(res, 200, { ...emulator.credentials(), ...emulator.baseUrls(base) });
  });

  router.get('/journal', (_req, res) => sendJson(res, 200, emulator.journal()));
  router.delete('/journal', (_req, res) => {
    emulator.clearJournal();
    res.status(204).end();
  });

  router.get('/leads', (_req, res) => sendJson(res, 200, emulator.leads()));
  router.post('/leads', (req, res) => sendJson(res, 201, { id: emulator.seedLead(body(req)) }));
  router.delete('/leads/:id', (req, res) => {
    emulator.deleteLead(idParam(req));
    res.status(204).end();
  });
  router.delete('/fields/:name', (req, res) => {
    emulator.deleteField(String(req.params.name));
    res.status(204).end();
  });
  router.get('/programs', (_req, res) => sendJson(res, 200, emulator.programs()));
  router.post('/programs', (req, res) => {
    const input = body(req);
    if (typeof input.name !== 'string' || input.name.trim() === '') {
      throw new ControlError('name is required');
    }
    const channel = typeof input.channel === 'string' ? input.channel : 'Tradeshow';
    sendJson(res, 201, { id: emulator.createProgram(input.name, channel) });
  });
  router.post('/programs/:id/archive', (req, res) => {
    emulator.archiveProgram(idParam(req));
    res.status(204).end();
  });
  router.get('/programs/:id/members', (req, res) => {
    sendJson(res, 200, emulator.programMembers(idParam(req)));
  });
  router.get('/lists/:id/members', (req, res) => {
    sendJson(res, 200, emulator.listMembers(idParam(req)));
  });

  router.post('/access-tokens', (_req, res) => {
    sendJson(res, 201, { accessToken: emulator.issueAccessToken() });
  });
  router.post('/access-tokens/expire', (_req, res) => {
    emulator.expireAccessTokens();
    res.status(204).end();
  });
  router.post('/access-tokens/revoke', (_req, res) => {
    emulator.revokeAccessTokens();
    res.status(204).end();
  });
  router.post('/clock/advance', (req, res) => {
    const ms = optionalNumber(body(req).ms, 'ms');
    if (ms === undefined) throw new ControlError('ms is required');
    emulator.advanceClock(ms);
    res.status(204).end();
  });

  router.get('/settings', (_req, res) => sendJson(res, 200, emulator.settings()));
  router.patch('/settings', (req, res) => {
    const input = body(req);
    const patch: Partial<MarketoSettings> = {};
    for (const name of SETTING_NAMES) {
      const value = optionalNumber(input[name], name);
      if (value !== undefined) patch[name] = value;
    }
    emulator.configure(patch);
    sendJson(res, 200, emulator.settings());
  });
  router.get('/usage', (_req, res) => sendJson(res, 200, emulator.usage()));

  router.get('/scenarios', (_req, res) => sendJson(res, 200, emulator.scenarios()));
  router.post('/scenarios', (req, res) => {
    const input = body(req);
    const count = input.count ?? 1;
    if (!isMarketoRoute(input.route)) throw new ControlError('invalid route');
    if (!isFailureKind(input.kind)) throw new ControlError('invalid kind');
    if (typeof count !== 'number') throw new ControlError('invalid count');
    const options: ArmOptions = {};
    const after = optionalNumber(input.after, 'after');
    if (after !== undefined) options.after = after;
    if (typeof input.message === 'string') options.message = input.message;
    emulator.failNext(input.route, count, input.kind, options);
    sendJson(res, 201, emulator.scenarios());
  });
  router.delete('/scenarios', (_req, res) => {
    emulator.clearScenarios();
    res.status(204).end();
  });

  router.post('/reset', (_req, res) => {
    emulator.reset();
    res.status(204).end();
  });

  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (error instanceof ControlError || error instanceof RangeError) {
      sendJson(res, 400, { error: error.message });

      return;
    }
    next(error);
  });

  return router;
}
