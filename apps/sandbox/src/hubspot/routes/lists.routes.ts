import { Router, type Request, type Response } from 'express';

import { isRecord, sendError, sendJson } from '../http';
import { isProcessingType, type HubSpotList } from '../lists';
import { objectTypeById } from '../objects';
import type { HubSpotState } from '../state';
import { crmRoute, pathParam } from './shared';

function listOr404(state: HubSpotState, req: Request, res: Response): HubSpotList | undefined {
  const listId = pathParam(req, 'listId');
  const list = state.lists.get(listId);
  if (!list) sendError(res, 404, 'OBJECT_NOT_FOUND', `List ${listId} does not exist.`);

  return list;
}

/** The record ids of a memberships body, or undefined when it is not a JSON array of ids. */
function recordIds(body: unknown): string[] | undefined {
  if (!Array.isArray(body)) return undefined;
  const items: unknown[] = body;
  const ids = items
    .map((item) => (typeof item === 'number' ? String(item) : item))
    .filter((item): item is string => typeof item === 'string');

  return ids.length === items.length ? ids : undefined;
}

/** Lists v3 (ILS): create, read, and manual membership changes. */
export function listRoutes(state: HubSpotState): Router {
  const router = Router();

  // https://developers.hubspot.com/docs/api-reference/legacy/crm/lists/create-list
  router.post('/crm/v3/lists', ...crmRoute(state, 'lists.create'), (req, res) => {
    const body: unknown = req.body;
    const input = isRecord(body) ? body : {};
    const { name, objectTypeId, processingType } = input;
    if (typeof name !== 'string' || name.trim() === '') {
      return sendError(res, 400, 'VALIDATION_ERROR', 'name is required');
    }
    if (typeof objectTypeId !== 'string' || !objectTypeById(objectTypeId)) {
      return sendError(
        res,
        400,
        'VALIDATION_ERROR',
        `Unknown objectTypeId: ${String(objectTypeId)}`,
      );
    }
    if (!isProcessingType(processingType)) {
      return sendError(
        res,
        400,
        'VALIDATION_ERROR',
        `processingType must be MANUAL, SNAPSHOT or DYNAMIC: ${String(processingType)}`,
      );
    }
    if (state.lists.findByName(name)) {
      return sendError(res, 400, 'VALIDATION_ERROR', `A list named "${name}" already exists.`);
    }
    const list = state.lists.create(name, objectTypeId, processingType);
    sendJson(res, 200, { list: state.lists.body(list) });
  });

  router.get('/crm/v3/lists/:listId', ...crmRoute(state, 'lists.read'), (req, res) => {
    const list = listOr404(state, req, res);
    if (list) sendJson(res, 200, { list: state.lists.body(list) });
  });

  // https://developers.hubspot.com/docs/api-reference/legacy/crm/lists/delete-list
  router.delete('/crm/v3/lists/:listId', ...crmRoute(state, 'lists.delete'), (req, res) => {
    const list = listOr404(state, req, res);
    if (!list) return;
    state.lists.delete(list.listId);
    res.status(204).end();
  });

  const membershipChange = (change: 'add' | 'remove') => (req: Request, res: Response) => {
    const list = listOr404(state, req, res);
    if (!list) return;
    if (list.processingType === 'DYNAMIC') {
      return sendError(
        res,
        400,
        'VALIDATION_ERROR',
        `List ${list.listId} is a DYNAMIC list; its memberships cannot be changed manually.`,
      );
    }
    const ids = recordIds(req.body);
    if (!ids) {
      return sendError(res, 400, 'VALIDATION_ERROR', 'The body must be a JSON array of record ids');
    }
    const type = objectTypeById(list.objectTypeId);
    const missing = ids.filter((id) => !type || !state.records.get(type, id));
    const present = ids.filter((id) => !missing.includes(id));
    if (change === 'add') {
      sendJson(res, 200, {
        recordsIdsAdded: state.lists.add(list, present),
        recordIdsMissing: missing,
      });
    } else {
      sendJson(res, 200, {
        recordIdsRemoved: state.lists.remove(list, present),
        recordIdsMissing: missing,
      });
    }
  };

  // https://developers.hubspot.com/docs/api-reference/legacy/crm/lists/memberships/add-records
  router.put(
    '/crm/v3/lists/:listId/memberships/add',
    ...crmRoute(state, 'lists.memberships.add'),
    membershipChange('add'),
  );
  router.put(
    '/crm/v3/lists/:listId/memberships/remove',
    ...crmRoute(state, 'lists.memberships.remove'),
    membershipChange('remove'),
  );

  return router;
}
