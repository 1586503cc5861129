import express, { Router, type NextFunction, type Request, type Response } from 'express';

import type { HubSpotEmulator } from '../emulator';
import { isRecord, sendJson } from '../http';
import { isProcessingType } from '../lists';
import { resolveObjectType, type HubSpotObjectType } from '../objects';
import type { PropertyOverride } from '../properties';
import { isHubSpotFailureKind, isHubSpotRoute } from '../scenarios';
import type { HubSpotSettings } from '../state';

/** A control request the emulator refuses: answered 400 `{ "error": message }`. */
class ControlError extends Error {}

function typeParam(req: Request): HubSpotObjectType {
  const raw = req.params.objectType;
  const type = typeof raw === 'string' ? resolveObjectType(raw) : undefined;
  if (!type) throw new ControlError(`unsupported object type: ${String(raw)}`);

  return type;
}

function body(req: Request): Record<string, unknown> {
  const value: unknown = req.body;

  return isRecord(value) ? value : {};
}

function optional<T>(value: unknown, guard: (candidate: unknown) => candidate is T, name: string) {
  if (value === undefined) return undefined;
  if (!guard(value)) throw new ControlError(`invalid ${name}`);

  return value;
}

const isNumber = (value: unknown): value is number => typeof value === 'number';
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const isString = (value: unknown): value is string => typeof value === 'string';

function stringValues(input: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(input)) {
    if (typeof value !== 'string') throw new ControlError(`property ${name} must be a string`);
    values[name] = value;
  }

  return values;
}

const NUMBER_SETTINGS = [
  'accessTokenTtlSeconds',
  'requestsPerWindow',
  'windowMs',
  'searchRequestsPerSecond',
  'dailyLimit',
  'searchIndexDelayMs',
] as const;
const BOOLEAN_SETTINGS = [
  'refreshTokenRotation',
  'retryAfterOnRateLimit',
  'partialUpsertByEmail',
] as const;

/**
 * Test controls under `/__sandbox/hubspot`, mirroring the emulator's programmatic API so a test
 * in another process can drive it.
 */
export function controlRoutes(emulator: HubSpotEmulator): Router {
  const router = Router();
  router.use(express.json({ limit: '5mb' }));

  router.get('/journal', (_req, res) => sendJson(res, 200, emulator.journal()));
  router.delete('/journal', (_req, res) => {
    emulator.clearJournal();
    res.status(204).end();
  });

  router.get('/records/:objectType', (req, res) => {
    sendJson(res, 200, emulator.records(typeParam(req)));
  });
  router.post('/records/:objectType', (req, res) => {
    sendJson(res, 201, { id: emulator.seedRecord(typeParam(req), stringValues(body(req))) });
  });
  router.delete('/records/:objectType/:id', (req, res) => {
    emulator.archiveRecord(typeParam(req), String(req.params.id));
    res.status(204).end();
  });
  router.get('/associations', (_req, res) => sendJson(res, 200, emulator.associations()));
  router.get('/lists', (_req, res) => sendJson(res, 200, emulator.lists()));
  router.post('/lists', (req, res) => {
    const input = body(req);
    const name = optional(input.name, isString, 'name');
    if (name === undefined) throw new ControlError('name is required');
    const processingType = optional(input.processingType, isProcessingType, 'processingType');
    sendJson(res, 201, { listId: emulator.createList(name, processingType) });
  });
  router.patch('/properties/:objectType/:name', (req, res) => {
    const input = body(req);
    const patch: PropertyOverride = {};
    for (const key of ['hasUniqueValue', 'hidden', 'externalOptions', 'calculated'] as const) {
      const value = optional(input[key], isBoolean, key);
      if (value !== undefined) patch[key] = value;
    }
    const readOnlyValue = optional(input.readOnlyValue, isBoolean, 'readOnlyValue');
    if (readOnlyValue !== undefined) patch.readOnlyValue = readOnlyValue;
    const label = optional(input.label, isString, 'label');
    if (label !== undefined) patch.label = label;
    emulator.overrideProperty(typeParam(req), String(req.params.name), patch);
    res.status(204).end();
  });

  router.delete('/properties/:objectType/:name', (req, res) => {
    emulator.deleteProperty(typeParam(req), String(req.params.name));
    res.status(204).end();
  });

  router.post('/grants', (_req, res) => sendJson(res, 201, emulator.grant()));
  // A private app created in the account, for the legacy integration's token.
  router.post('/private-apps', (_req, res) =>
    sendJson(res, 201, { token: emulator.privateAppToken() }),
  );
  router.post('/private-apps/revoke', (_req, res) => {
    emulator.revokePrivateAppTokens();
    res.status(204).end();
  });
  router.post('/grants/revoke', (_req, res) => {
    emulator.revokeGrants();
    res.status(204).end();
  });
  router.post('/access-tokens/expire', (req, res) => {
    const input = body(req);
    const after = optional(input.afterRequests, isNumber, 'afterRequests');
    const atNextWrite = optional(input.atNextWrite, isBoolean, 'atNextWrite');
    if (after !== undefined) emulator.expireAccessTokensAfter(after);
    else if (atNextWrite === true) emulator.expireAccessTokensAtNextWrite();
    else emulator.expireAccessTokens();
    res.status(204).end();
  });
  router.post('/clock/advance', (req, res) => {
    const ms = optional(body(req).ms, isNumber, 'ms');
    if (ms === undefined) throw new ControlError('ms is required');
    emulator.advanceClock(ms);
    res.status(204).end();
  });

  router.get('/settings', (_req, res) => sendJson(res, 200, emulator.settings()));
  router.patch('/settings', (req, res) => {
    const input = body(req);
    const patch: Partial<HubSpotSettings> = {};
    for (const key of NUMBER_SETTINGS) {
      const value = optional(input[key], isNumber, key);
      if (value !== undefined) patch[key] = value;
    }
    for (const key of BOOLEAN_SETTINGS) {
      const value = optional(input[key], isBoolean, key);
      if (value !== undefined) patch[key] = value;
    }
    sendJson(res, 200, emulator.configure(patch));
  });

  router.get('/scenarios', (_req, res) => sendJson(res, 200, emulator.scenarios()));
  router.post('/scenarios', (req, res) => {
    const input = body(req);
    const count = input.count ?? 1;
    if (!isHubSpotRoute(input.route)) throw new ControlError('invalid route');
    if (!isHubSpotFailureKind(input.kind)) throw new ControlError('invalid kind');
    if (typeof count !== 'number') throw new ControlError('invalid count');
    const retryAfterSeconds = optional(input.retryAfterSeconds, isNumber, 'retryAfterSeconds');
    emulator.failNext(input.route, count, input.kind, { retryAfterSeconds });
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
