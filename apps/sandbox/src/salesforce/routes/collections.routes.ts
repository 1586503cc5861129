import { Router, type Response } from 'express';

import { COLLECTION_RECORD_LIMIT } from '../constants';
import { normaliseId } from '../ids';
import { isRecord, restError, sendErrors, sendJson } from '../http';
import { resolveSObjectType, SOBJECT_TYPES, type DescribeField, type SObjectType } from '../schema';
import type { SalesforceState } from '../state';
import { salesforceError } from '../validation';
import type { WritePlan, WriteService } from '../writes';
import { apiVersion, recordBody, scenario, sobjectOf, sobjectParam } from './shared';

interface Envelope {
  allOrNone: boolean;
  records: unknown[];
}

/** Reads `{allOrNone, records}`, answering 400 for a malformed envelope or more than 200 records. */
function readEnvelope(res: Response, body: unknown): Envelope | undefined {
  if (!isRecord(body) || !Array.isArray(body.records)) {
    sendErrors(
      res,
      400,
      restError('JSON_PARSER_ERROR', 'The request body must contain a records array'),
    );

    return undefined;
  }
  if (body.records.length > COLLECTION_RECORD_LIMIT) {
    sendErrors(
      res,
      400,
      restError(
        'EXCEEDED_ID_LIMIT',
        `record limit reached. cannot submit more than ${COLLECTION_RECORD_LIMIT} records into this call`,
      ),
    );

    return undefined;
  }

  return { allOrNone: body.allOrNone === true, records: body.records };
}

function recordType(record: unknown): SObjectType | undefined {
  if (!isRecord(record) || !isRecord(record.attributes)) return undefined;
  const type = record.attributes.type;

  return typeof type === 'string' ? resolveSObjectType(type) : undefined;
}

function invalidType(record: unknown): WritePlan {
  const declared =
    isRecord(record) && isRecord(record.attributes) ? String(record.attributes.type) : 'undefined';

  return {
    ok: false,
    error: salesforceError('INVALID_TYPE', `sObject type '${declared}' is not supported.`),
  };
}

/** sObject Collections: create, update, upsert, retrieve and delete up to 200 records per call. */
export function collectionRoutes(state: SalesforceState, writes: WriteService): Router {
  const router = Router({ mergeParams: true });

  const planEach = (
    records: unknown[],
    plan: (type: SObjectType, record: Record<string, unknown>) => WritePlan,
  ) =>
    records.map((record) => () => {
      const type = recordType(record);
      if (!type || !isRecord(record)) return invalidType(record);

      return plan(type, record);
    });

  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_create.htm
  router.post('/composite/sobjects', scenario(state, 'collections.create'), (req, res) => {
    const envelope = readEnvelope(res, req.body);
    if (!envelope) return;
    const planners = planEach(envelope.records, (type, record) =>
      writes.planCreate(type, record, 'collections.create'),
    );
    sendJson(res, 200, writes.runBatch(planners, envelope.allOrNone, false));
  });

  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_update.htm
  router.patch('/composite/sobjects', scenario(state, 'collections.update'), (req, res) => {
    const envelope = readEnvelope(res, req.body);
    if (!envelope) return;
    const planners = planEach(envelope.records, (type, record) =>
      writes.planUpdate(type, record.id ?? record.Id, record, 'collections.update'),
    );
    sendJson(res, 200, writes.runBatch(planners, envelope.allOrNone, false));
  });

  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_upsert.htm
  router.patch(
    '/composite/sobjects/:type/:field',
    scenario(state, 'collections.upsert'),
    sobjectParam,
    (req, res) => {
      const type = sobjectOf(res);
      const fieldName = typeof req.params.field === 'string' ? req.params.field : '';
      const field = state.schema.field(type, fieldName);
      if (!field || !field.externalId) {
        return sendErrors(
          res,
          400,
          restError(
            'INVALID_FIELD',
            `Field name provided, ${fieldName} is not an External ID or indexed field for ${type}`,
          ),
        );
      }
      const envelope = readEnvelope(res, req.body);
      if (!envelope) return;

      const duplicates = duplicateKeys(envelope.records, field);
      const planners = planEach(envelope.records, (recordTypeName, record) => {
        if (recordTypeName !== type) return invalidType(record);
        const key = keyOf(record, field);
        if (key !== undefined && duplicates.has(foldKey(key, field))) {
          return {
            ok: false,
            error: salesforceError('DUPLICATE_VALUE', `Duplicate external id specified: ${key}`, [
              field.name,
            ]),
          };
        }

        return writes.planUpsert(type, field, record, 'collections.upsert');
      });
      sendJson(res, 200, writes.runBatch(planners, envelope.allOrNone, true));
    },
  );

  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_retrieve.htm
  router.post(
    '/composite/sobjects/:type',
    scenario(state, 'collections.retrieve'),
    sobjectParam,
    (req, res) => {
      const type = sobjectOf(res);
      const body: unknown = req.body;
      const ids = isRecord(body) && Array.isArray(body.ids) ? body.ids : undefined;
      const names = isRecord(body) && Array.isArray(body.fields) ? body.fields : undefined;
      if (!ids || !names) {
        return sendErrors(res, 400, restError('JSON_PARSER_ERROR', 'ids and fields are required'));
      }
      const fields: string[] = [];
      for (const name of names) {
        const field = typeof name === 'string' ? state.schema.field(type, name) : undefined;
        if (!field) {
          return sendErrors(
            res,
            400,
            restError(
              'INVALID_FIELD',
              `No such column '${String(name)}' on sobject of type ${type}`,
            ),
          );
        }
        fields.push(field.name);
      }
      sendJson(
        res,
        200,
        ids.map((id) => {
          const record = typeof id === 'string' ? state.store.get(type, id) : undefined;

          return record ? recordBody(type, apiVersion(req), record, fields) : null;
        }),
      );
    },
  );

  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_delete.htm
  router.delete('/composite/sobjects', scenario(state, 'collections.delete'), (req, res) => {
    const ids = typeof req.query.ids === 'string' ? req.query.ids.split(',') : [];
    if (ids.length > COLLECTION_RECORD_LIMIT) {
      return sendErrors(
        res,
        400,
        restError(
          'EXCEEDED_ID_LIMIT',
          `cannot delete more than ${COLLECTION_RECORD_LIMIT} records`,
        ),
      );
    }
    const allOrNone = req.query.allOrNone === 'true';
    const outcomes = ids.map((raw) => {
      const id = normaliseId(raw);
      const live = id !== undefined && SOBJECT_TYPES.some((type) => state.store.get(type, id));

      return { raw, id, live };
    });
    const anyMissing = outcomes.some((outcome) => !outcome.live);
    sendJson(
      res,
      200,
      outcomes.map(({ raw, id, live }) => {
        if (!live || id === undefined) {
          return {
            id: raw,
            success: false,
            errors: [salesforceError('ENTITY_IS_DELETED', 'entity is deleted')],
          };
        }
        if (allOrNone && anyMissing) {
          return {
            id,
            success: false,
            errors: [
              salesforceError(
                'ALL_OR_NONE_OPERATION_ROLLED_BACK',
                'Record rolled back because not all records were valid and the request was using AllOrNone header',
              ),
            ],
          };
        }
        state.store.delete(id);

        return { id, success: true, errors: [] };
      }),
    );
  });

  return router;
}

function keyOf(record: Record<string, unknown>, field: DescribeField): string | undefined {
  const entry = Object.entries(record).find(
    ([name]) => name.toLowerCase() === field.name.toLowerCase(),
  );
  const value = entry?.[1];

  return value === undefined || value === null || value === '' ? undefined : String(value);
}

function foldKey(key: string, field: DescribeField): string {
  return field.caseSensitive ? key : key.toLowerCase();
}

/** External id values that appear more than once in one request. */
function duplicateKeys(records: unknown[], field: DescribeField): Set<string> {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const record of records) {
    if (!isRecord(record)) continue;
    const key = keyOf(record, field);
    if (key === undefined) continue;
    const folded = foldKey(key, field);
    if (seen.has(folded)) duplicates.add(folded);
    seen.add(folded);
  }

  return duplicates;
}
