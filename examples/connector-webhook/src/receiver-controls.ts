import express, { Router, type NextFunction, type Request, type Response } from 'express';

import type { WebhookReceiver } from './emulator';
import { isReceiverFailure, isReceiverRoute } from './receiver-scenarios';
import { isObject } from './receiver-store';

/** A control request the receiver refuses: answered 400 `{ "error": message }`. */
class ControlError extends Error {}

function body(req: Request): Record<string, unknown> {
  const value: unknown = req.body;

  return isObject(value) ? value : {};
}

/**
 * Test controls under `/__sandbox/webhook`, mirroring the receiver's programmatic API so a test
 * in another process can drive it.
 */
export function receiverControlRoutes(receiver: WebhookReceiver): Router {
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  router.get('/journal', (_req, res) => {
    res.json(receiver.journal());
  });
  router.delete('/journal', (_req, res) => {
    receiver.clearJournal();
    res.status(204).end();
  });

  router.get('/records', (req, res) => {
    const email = typeof req.query.email === 'string' ? req.query.email.toLowerCase() : undefined;
    const records = receiver.records();
    res.json(
      email === undefined
        ? records
        : records.filter((record) => String(record.fields.email).toLowerCase() === email),
    );
  });

  router.get('/scenarios', (_req, res) => {
    res.json(receiver.scenarios());
  });
  router.post('/scenarios', (req, res) => {
    const input = body(req);
    const count = input.count ?? 1;
    const retryAfterSeconds = input.retryAfterSeconds;
    if (!isReceiverRoute(input.route)) throw new ControlError('invalid route');
    if (!isReceiverFailure(input.kind)) throw new ControlError('invalid kind');
    if (typeof count !== 'number') throw new ControlError('invalid count');
    if (retryAfterSeconds !== undefined && typeof retryAfterSeconds !== 'number') {
      throw new ControlError('invalid retryAfterSeconds');
    }
    receiver.failNext(input.route, count, input.kind, { retryAfterSeconds });
    res.status(201).json(receiver.scenarios());
  });
  router.delete('/scenarios', (_req, res) => {
    receiver.clearScenarios();
    res.status(204).end();
  });

  router.put('/secret', (req, res) => {
    const secret = body(req).secret;
    if (typeof secret !== 'string') throw new ControlError('secret is required');
    receiver.setSecret(secret);
    res.status(204).end();
  });

  router.post('/reset', (_req, res) => {
    receiver.reset();
    res.status(204).end();
  });

  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (error instanceof ControlError || error instanceof RangeError) {
      res.status(400).json({ error: error.message });

      return;
    }
    next(error);
  });

  return router;
}
