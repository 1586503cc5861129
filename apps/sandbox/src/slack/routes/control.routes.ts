import express, { Router, type NextFunction, type Request, type Response } from 'express';

import type { SlackEmulator } from '../emulator';
import { isRecord, sendJson as json } from '../http';
import { isSlackFailureKind, isSlackMethod } from '../scenarios';
import type { SlackSettings } from '../state';

/** A control request the emulator refuses: answered 400 `{ "error": message }`. */
class ControlError extends Error {}

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
const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

function param(req: Request, name: string): string {
  const value = req.params[name];
  if (typeof value !== 'string') throw new ControlError(`missing path parameter ${name}`);

  return value;
}

/**
 * Test controls under `/__sandbox/slack`, mirroring the emulator's programmatic API so a test in
 * another process can drive it.
 */
export function controlRoutes(emulator: SlackEmulator): Router {
  const router = Router();
  router.use(express.json({ limit: '5mb' }));

  router.get('/journal', (_req, res) => json(res, 200, emulator.journal()));
  router.delete('/journal', (_req, res) => {
    emulator.clearJournal();
    res.status(204).end();
  });

  router.get('/channels', (_req, res) => json(res, 200, emulator.channels()));
  router.post('/channels', (req, res) => {
    const input = body(req);
    const name = optional(input.name, isString, 'name');
    if (name === undefined) throw new ControlError('name is required');
    json(
      res,
      201,
      emulator.addChannel({
        name,
        isPrivate: optional(input.isPrivate, isBoolean, 'isPrivate'),
        isArchived: optional(input.isArchived, isBoolean, 'isArchived'),
        isMember: optional(input.isMember, isBoolean, 'isMember'),
        purpose: optional(input.purpose, isString, 'purpose'),
      }),
    );
  });
  router.patch('/channels/:channel', (req, res) => {
    const input = body(req);
    const channel = param(req, 'channel');
    json(
      res,
      200,
      emulator.updateChannel(channel, {
        isArchived: optional(input.isArchived, isBoolean, 'isArchived'),
        isMember: optional(input.isMember, isBoolean, 'isMember'),
      }),
    );
  });
  router.get('/channels/:channel/messages', (req, res) =>
    json(res, 200, emulator.messages(param(req, 'channel'))),
  );
  router.get('/messages', (_req, res) => json(res, 200, emulator.messages()));

  router.post('/installations', (req, res) => {
    const input = body(req);
    json(
      res,
      201,
      emulator.install({
        scopes: optional(input.scopes, isStringArray, 'scopes'),
        rotation: optional(input.rotation, isBoolean, 'rotation'),
      }),
    );
  });
  router.post('/tokens/revoke', (req, res) => {
    const token = optional(body(req).token, isString, 'token');
    if (token === undefined) emulator.revokeAllTokens();
    else if (!emulator.revokeToken(token)) throw new ControlError('unknown token');
    res.status(204).end();
  });
  router.post('/tokens/expire', (_req, res) => {
    emulator.expireAccessTokens();
    res.status(204).end();
  });
  router.post('/clock/advance', (req, res) => {
    const ms = optional(body(req).ms, isNumber, 'ms');
    if (ms === undefined) throw new ControlError('ms is required');
    emulator.advanceClock(ms);
    res.status(204).end();
  });

  router.get('/settings', (_req, res) => json(res, 200, emulator.settings()));
  router.patch('/settings', (req, res) => {
    const input = body(req);
    const patch: Partial<SlackSettings> = {};
    const rotation = optional(input.tokenRotation, isBoolean, 'tokenRotation');
    if (rotation !== undefined) patch.tokenRotation = rotation;
    for (const key of ['rotatingTokenTtlMs', 'postsPerChannel', 'postWindowMs'] as const) {
      const value = optional(input[key], isNumber, key);
      if (value !== undefined) patch[key] = value;
    }
    json(res, 200, emulator.configure(patch));
  });

  router.get('/scenarios', (_req, res) => json(res, 200, emulator.scenarios()));
  router.post('/scenarios', (req, res) => {
    const input = body(req);
    const count = optional(input.count, isNumber, 'count') ?? 1;
    if (!isSlackMethod(input.method)) throw new ControlError('invalid method');
    if (!isSlackFailureKind(input.kind)) throw new ControlError('invalid kind');
    const retryAfterSeconds = optional(input.retryAfterSeconds, isNumber, 'retryAfterSeconds');
    const after = optional(input.after, isNumber, 'after');
    emulator.failNext(input.method, count, input.kind, {
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      ...(after === undefined ? {} : { after }),
    });
    json(res, 201, emulator.scenarios());
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
      json(res, 400, { error: error.message });

      return;
    }
    next(error);
  });

  return router;
}
