import express, { Router, type NextFunction, type Request, type Response } from 'express';

import type { SalesforceEmulator } from '../emulator';
import { baseUrl, isRecord, sendJson } from '../http';
import { isFailureKind, isSalesforceRoute } from '../scenarios';
import { resolveSObjectType, type FieldOverride, type SObjectType } from '../schema';

/** A control request the emulator refuses: answered 400 `{ "error": message }`. */
class ControlError extends Error {}

function typeParam(req: Request): SObjectType {
  const raw = req.params.type;
  const type = typeof raw === 'string' ? resolveSObjectType(raw) : undefined;
  if (!type) throw new ControlError(`unsupported sObject type: ${String(raw)}`);

  return type;
}

function stringParam(req: Request, name: string): string {
  const value = req.params[name];
  if (typeof value !== 'string') throw new ControlError(`missing path parameter ${name}`);

  return value;
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

/**
 * Test controls under `/__sandbox/salesforce`, mirroring the emulator's programmatic API so a
 * test in another process can drive it.
 */
export function controlRoutes(emulator: SalesforceEmulator): Router {
  const router = Router();
  router.use(express.json({ limit: '5mb' }));

  router.get('/journal', (_req, res) => sendJson(res, 200, emulator.journal()));
  router.delete('/journal', (_req, res) => {
    emulator.clearJournal();
    res.status(204).end();
  });

  router.get('/records/:type', (req, res) => {
    const includeDeleted = req.query.includeDeleted === 'true';
    sendJson(res, 200, emulator.records(typeParam(req), { includeDeleted }));
  });
  router.post('/records/:type', (req, res) => {
    sendJson(res, 201, { id: emulator.seedRecord(typeParam(req), body(req)) });
  });
  router.delete('/records/:type/:id', (req, res) => {
    emulator.deleteRecord(typeParam(req), stringParam(req, 'id'));
    res.status(204).end();
  });
  router.post('/leads/:id/convert', (req, res) => {
    sendJson(res, 200, emulator.convertLead(stringParam(req, 'id')));
  });
  router.patch('/fields/:type/:field', (req, res) => {
    const patch: FieldOverride = {};
    const input = body(req);
    for (const key of ['length'] as const) {
      const value = optional(input[key], isNumber, key);
      if (value !== undefined) patch[key] = value;
    }
    for (const key of [
      'createable',
      'updateable',
      'nillable',
      'defaultedOnCreate',
      'restrictedPicklist',
      'externalId',
      'unique',
    ] as const) {
      const value = optional(input[key], isBoolean, key);
      if (value !== undefined) patch[key] = value;
    }
    if (typeof input.label === 'string') patch.label = input.label;
    emulator.overrideField(typeParam(req), stringParam(req, 'field'), patch);
    res.status(204).end();
  });

  router.delete('/fields/:type/:field', (req, res) => {
    emulator.deleteField(typeParam(req), stringParam(req, 'field'));
    res.status(204).end();
  });

  router.post('/grants', (req, res) => {
    sendJson(res, 201, { refreshToken: emulator.grantRefreshToken(), instanceUrl: baseUrl(req) });
  });
  router.post('/grants/revoke', (_req, res) => {
    emulator.revokeGrants();
    res.status(204).end();
  });
  // The legacy login: the sandbox user's username, password and security token.
  router.get('/user', (_req, res) => sendJson(res, 200, emulator.userCredentials()));
  router.post('/user/password', (req, res) => {
    const password = optional(body(req).password, isString, 'password');
    if (!password) throw new ControlError('password is required');
    emulator.setUserPassword(password);
    res.status(204).end();
  });
  router.post('/access-tokens', (req, res) => {
    sendJson(res, 201, { accessToken: emulator.issueAccessToken(), instanceUrl: baseUrl(req) });
  });
  router.post('/access-tokens/expire', (_req, res) => {
    emulator.expireAccessTokens();
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
    const ttl = optional(input.accessTokenTtlMs, isNumber, 'accessTokenTtlMs');
    const rotation = optional(input.refreshTokenRotation, isBoolean, 'refreshTokenRotation');
    const strict = optional(input.strictPicklistCase, isBoolean, 'strictPicklistCase');
    const pageSize = optional(input.queryPageSize, isNumber, 'queryPageSize');
    const limit = optional(input.apiRequestLimit, isNumber, 'apiRequestLimit');
    if (ttl !== undefined) emulator.setAccessTokenTtl(ttl);
    if (rotation !== undefined) emulator.setRefreshTokenRotation(rotation);
    if (strict !== undefined) emulator.setStrictPicklistCase(strict);
    if (pageSize !== undefined) emulator.setQueryPageSize(pageSize);
    if (limit !== undefined) emulator.setApiRequestLimit(limit);
    sendJson(res, 200, emulator.settings());
  });
  router.get('/usage', (_req, res) => sendJson(res, 200, emulator.apiUsage()));

  router.get('/scenarios', (_req, res) => sendJson(res, 200, emulator.scenarios()));
  router.post('/scenarios', (req, res) => {
    const input = body(req);
    const count = input.count ?? 1;
    if (!isSalesforceRoute(input.route)) throw new ControlError('invalid route');
    if (!isFailureKind(input.kind)) throw new ControlError('invalid kind');
    if (typeof count !== 'number') throw new ControlError('invalid count');
    emulator.failNext(input.route, count, input.kind);
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
