import { Router } from 'express';

import { BATCH_INPUT_LIMIT, CONTACT_TO_COMPANY_TYPE_ID } from '../constants';
import { isRecord, sendError, sendJson } from '../http';
import { resolveObjectType } from '../objects';
import type { HubSpotState } from '../state';
import { crmRoute, pathParam } from './shared';

function objectId(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const id = value.id;
  if (typeof id === 'number') return String(id);

  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** Associations v4: default (unlabelled) contact↔company associations in batches. */
export function associationRoutes(state: HubSpotState): Router {
  const router = Router();

  // https://developers.hubspot.com/docs/api-reference/legacy/crm/associations/v4/batch/create-default
  router.post(
    '/crm/v4/associations/:fromObjectType/:toObjectType/batch/associate/default',
    ...crmRoute(state, 'associations.batch.associate'),
    (req, res) => {
      const fromName = pathParam(req, 'fromObjectType');
      const toName = pathParam(req, 'toObjectType');
      const from = resolveObjectType(fromName);
      const to = resolveObjectType(toName);
      if (!from || !to || from === to) {
        sendError(
          res,
          400,
          'VALIDATION_ERROR',
          `No default association exists from ${fromName} to ${toName}`,
        );

        return;
      }
      const body: unknown = req.body;
      const inputs: unknown[] = isRecord(body) && Array.isArray(body.inputs) ? body.inputs : [];
      if (inputs.length > BATCH_INPUT_LIMIT) {
        sendError(
          res,
          400,
          'VALIDATION_ERROR',
          `Batch input size ${inputs.length} exceeds the limit of ${BATCH_INPUT_LIMIT} inputs`,
        );

        return;
      }
      const pairs: Array<{ fromId: string; toId: string }> = [];
      const missing: string[] = [];
      for (const input of inputs) {
        const fromId = isRecord(input) ? objectId(input.from) : undefined;
        const toId = isRecord(input) ? objectId(input.to) : undefined;
        if (!fromId || !state.records.get(from, fromId)) missing.push(fromId ?? '');
        if (!toId || !state.records.get(to, toId)) missing.push(toId ?? '');
        if (fromId && toId) pairs.push({ fromId, toId });
      }
      if (missing.length > 0) {
        sendError(
          res,
          400,
          'VALIDATION_ERROR',
          `One or more objects do not exist: [${missing.join(', ')}]`,
          { context: { ids: missing } },
        );

        return;
      }

      const startedAt = state.clock.iso();
      const results = pairs.map(({ fromId, toId }) => {
        const [contactId, companyId] = from === 'contacts' ? [fromId, toId] : [toId, fromId];
        state.records.associate(contactId, companyId);

        return {
          from: { id: fromId },
          to: { id: toId },
          associationSpec: {
            associationCategory: 'HUBSPOT_DEFINED',
            associationTypeId: from === 'contacts' ? CONTACT_TO_COMPANY_TYPE_ID : 280,
          },
        };
      });
      sendJson(res, 200, {
        status: 'COMPLETE',
        results,
        startedAt,
        completedAt: state.clock.iso(),
      });
    },
  );

  return router;
}
