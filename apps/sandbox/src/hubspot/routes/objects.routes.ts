import { Router, type Request, type Response } from 'express';

import { sendJson } from '../http';
import { search } from '../search';
import { objectBody } from '../serialise';
import type { HubSpotState } from '../state';
import type { Outcome, WriteService } from '../writes';
import { crmRoute, objectTypeOf, pathParam } from './shared';

function send(res: Response, outcome: Outcome): void {
  if (outcome.body === undefined) {
    res.status(outcome.status).end();

    return;
  }
  sendJson(res, outcome.status, outcome.body);
}

function queryString(req: Request, name: string): string | undefined {
  const value = req.query[name];

  return typeof value === 'string' && value !== '' ? value : undefined;
}

function queryList(req: Request, name: string): string[] {
  const value = req.query[name];
  const raw = Array.isArray(value) ? value : [value];

  return raw
    .filter((item) => typeof item === 'string')
    .flatMap((item) => item.split(','))
    .filter((item) => item !== '');
}

function idParam(req: Request): string {
  return pathParam(req, 'id');
}

/** CRM objects v3: single-object routes, batch routes and search, for contacts and companies. */
export function objectRoutes(state: HubSpotState, writes: WriteService): Router {
  const router = Router();
  const base = '/crm/v3/objects/:objectType';

  // https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/batch/create-contacts
  router.post(
    `${base}/batch/create`,
    ...crmRoute(state, (type) => `${type}.batch.create`),
    (req, res) => send(res, writes.batchCreate(objectTypeOf(res), req.body)),
  );
  // https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/batch/read-contacts
  router.post(
    `${base}/batch/read`,
    ...crmRoute(state, (type) => `${type}.batch.read`),
    (req, res) => send(res, writes.batchRead(objectTypeOf(res), req.body)),
  );
  // https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/batch/update-contacts
  router.post(
    `${base}/batch/update`,
    ...crmRoute(state, (type) => `${type}.batch.update`),
    (req, res) => send(res, writes.batchUpdate(objectTypeOf(res), req.body)),
  );
  // https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/batch/upsert-contacts
  router.post(
    `${base}/batch/upsert`,
    ...crmRoute(state, (type) => `${type}.batch.upsert`),
    (req, res) => send(res, writes.batchUpsert(objectTypeOf(res), req.body)),
  );
  router.post(
    `${base}/batch/archive`,
    ...crmRoute(state, (type) => `${type}.batch.archive`),
    (req, res) => send(res, writes.batchArchive(objectTypeOf(res), req.body)),
  );
  // https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/search/search-contacts
  router.post(`${base}/search`, ...crmRoute(state, (type) => `${type}.search`), (req, res) =>
    send(res, search(state, writes, objectTypeOf(res), req.body)),
  );

  router.get(base, ...crmRoute(state, (type) => `${type}.list`), (req, res) => {
    const type = objectTypeOf(res);
    const limit = Math.min(100, Math.max(1, Number(queryString(req, 'limit') ?? 10) || 10));
    const after = Math.max(0, Number(queryString(req, 'after') ?? 0) || 0);
    const requested = queryList(req, 'properties');
    const all = state.records.list(type).sort((a, b) => Number(a.id) - Number(b.id));
    const page = all.slice(after, after + limit);
    const body: Record<string, unknown> = {
      results: page.map((record) =>
        objectBody(record, writes.readProperties(type, record, requested)),
      ),
    };
    if (after + limit < all.length) {
      body.paging = { next: { after: String(after + limit), link: `${req.baseUrl}${req.path}` } };
    }
    sendJson(res, 200, body);
  });
  router.post(base, ...crmRoute(state, (type) => `${type}.create`), (req, res) =>
    send(res, writes.createOne(objectTypeOf(res), req.body)),
  );
  router.get(`${base}/:id`, ...crmRoute(state, (type) => `${type}.read`), (req, res) =>
    send(
      res,
      writes.readOne(
        objectTypeOf(res),
        idParam(req),
        queryString(req, 'idProperty'),
        queryList(req, 'properties'),
      ),
    ),
  );
  router.patch(`${base}/:id`, ...crmRoute(state, (type) => `${type}.update`), (req, res) =>
    send(
      res,
      writes.updateOne(objectTypeOf(res), idParam(req), queryString(req, 'idProperty'), req.body),
    ),
  );
  router.delete(`${base}/:id`, ...crmRoute(state, (type) => `${type}.archive`), (req, res) => {
    state.records.archive(objectTypeOf(res), idParam(req));
    res.status(204).end();
  });

  return router;
}
