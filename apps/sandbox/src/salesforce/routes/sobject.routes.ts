import { Router, type Response } from 'express';

import { normaliseId } from '../ids';
import { isRecord, NOT_FOUND, restError, sendErrors, sendJson } from '../http';
import type { SalesforceState } from '../state';
import type { SalesforceError } from '../validation';
import type { WritePlan, WriteService } from '../writes';
import { apiVersion, recordBody, scenario, sobjectOf, sobjectParam } from './shared';

function sendSaveError(res: Response, error: SalesforceError): void {
  const status = error.statusCode === 'ENTITY_IS_DELETED' ? 404 : 400;
  sendErrors(res, status, restError(error.statusCode, error.message, error.fields));
}

function bodyObject(res: Response, body: unknown): Record<string, unknown> | undefined {
  if (isRecord(body)) return body;
  sendErrors(
    res,
    400,
    restError('JSON_PARSER_ERROR', 'The request body must be a JSON object for this resource'),
  );

  return undefined;
}

/** Single-record REST: `/sobjects/{T}`, `/sobjects/{T}/{id}`, `/sobjects/{T}/{extField}/{value}`. */
export function sobjectRoutes(state: SalesforceState, writes: WriteService): Router {
  const router = Router({ mergeParams: true });

  /** Resolves `:id` to a live record, answering the REST error for a missing one. */
  const liveRecord = (
    res: Response,
    rawId: unknown,
    deletedCode: 'NOT_FOUND' | 'ENTITY_IS_DELETED',
  ) => {
    const type = sobjectOf(res);
    const id = typeof rawId === 'string' ? normaliseId(rawId) : undefined;
    const record = id === undefined ? undefined : state.store.get(type, id);
    if (record) return record;
    if (
      id !== undefined &&
      deletedCode === 'ENTITY_IS_DELETED' &&
      state.store.isDeleted(type, id)
    ) {
      sendErrors(res, 404, restError('ENTITY_IS_DELETED', 'entity is deleted', []));
    } else {
      sendErrors(res, 404, NOT_FOUND);
    }

    return undefined;
  };

  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_sobject_create.htm
  router.post('/sobjects/:type', scenario(state, 'sobject.create'), sobjectParam, (req, res) => {
    const payload = bodyObject(res, req.body);
    if (!payload) return;
    const plan = writes.planCreate(sobjectOf(res), payload, 'sobject.create');
    if (!plan.ok) return sendSaveError(res, plan.error);
    sendJson(res, 201, { id: plan.commit().id, success: true, errors: [] });
  });

  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_get_field_values.htm
  router.get(
    '/sobjects/:type/:id',
    scenario(state, 'sobject.retrieve'),
    sobjectParam,
    (req, res) => {
      const type = sobjectOf(res);
      const record = liveRecord(res, req.params.id, 'NOT_FOUND');
      if (!record) return;

      const requested =
        typeof req.query.fields === 'string' ? req.query.fields.split(',') : undefined;
      const fields: string[] = [];
      for (const name of requested ??
        state.schema.describe(type).fields.map((field) => field.name)) {
        const field = state.schema.field(type, name.trim());
        if (!field) {
          return sendErrors(
            res,
            400,
            restError(
              'INVALID_FIELD',
              `No such column '${name.trim()}' on sobject of type ${type}`,
            ),
          );
        }
        fields.push(field.name);
      }
      sendJson(res, 200, recordBody(type, apiVersion(req), record, fields));
    },
  );

  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_update_fields.htm
  router.patch(
    '/sobjects/:type/:id',
    scenario(state, 'sobject.update'),
    sobjectParam,
    (req, res) => {
      const payload = bodyObject(res, req.body);
      if (!payload) return;
      const record = liveRecord(res, req.params.id, 'ENTITY_IS_DELETED');
      if (!record) return;
      const plan = writes.planUpdate(sobjectOf(res), record.Id, payload, 'sobject.update');
      if (!plan.ok) return sendSaveError(res, plan.error);
      plan.commit();
      res.status(204).end();
    },
  );

  router.delete(
    '/sobjects/:type/:id',
    scenario(state, 'sobject.delete'),
    sobjectParam,
    (req, res) => {
      const record = liveRecord(res, req.params.id, 'ENTITY_IS_DELETED');
      if (!record) return;
      state.store.delete(String(record.Id));
      res.status(204).end();
    },
  );

  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_upsert.htm
  router.patch(
    '/sobjects/:type/:field/:value',
    scenario(state, 'sobject.upsert'),
    sobjectParam,
    (req, res) => {
      const type = sobjectOf(res);
      const payload = bodyObject(res, req.body);
      if (!payload) return;
      const fieldName = typeof req.params.field === 'string' ? req.params.field : '';
      const key = typeof req.params.value === 'string' ? req.params.value : '';
      const field = state.schema.field(type, fieldName);
      if (!field || !field.externalId) {
        return sendErrors(
          res,
          404,
          restError(
            'NOT_FOUND',
            `Provided external ID field does not exist or is not accessible: ${fieldName}`,
          ),
        );
      }
      const existing = writes.findByExternalId(type, field, key);
      if (existing.length > 1) {
        return sendJson(
          res,
          300,
          existing.map(
            (record) => `/services/data/v${apiVersion(req)}/sobjects/${type}/${String(record.Id)}`,
          ),
        );
      }

      const plan: WritePlan = writes.planUpsert(
        type,
        field,
        { ...payload, [field.name]: key },
        'sobject.upsert',
      );
      if (!plan.ok) return sendSaveError(res, plan.error);
      const committed = plan.commit();
      if (!committed.created && Number.parseFloat(apiVersion(req)) < 46) {
        res.status(204).end();

        return;
      }
      sendJson(res, committed.created ? 201 : 200, {
        id: committed.id,
        success: true,
        errors: [],
        created: committed.created,
      });
    },
  );

  return router;
}
