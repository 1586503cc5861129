import { Router } from 'express';

import { BATCH_RECORD_LIMIT, FILTER_RESULT_LIMIT, FILTER_VALUE_LIMIT } from '../constants';
import { marketoError, sendResult } from '../envelope';
import { DEFAULT_PARTITION, isSyncAction, type MarketoLead } from '../leads';
import { DEDUPE_FIELDS, describe2, describeFields, leadField, SEARCHABLE_FIELDS } from '../schema';
import type { MarketoState } from '../state';
import { PATHS } from './paths';
import { fail, jsonBody, requestIdOf, requestParams } from './shared';

/** Fields Get Leads returns when the call names none. */
const DEFAULT_FIELDS = ['firstName', 'lastName', 'email', 'updatedAt', 'createdAt'];

function pick(lead: MarketoLead, fields: string[]): Record<string, unknown> {
  const row: Record<string, unknown> = { id: lead.id };
  for (const field of fields) {
    if (field !== 'id') row[field] = lead[field] ?? null;
  }

  return row;
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Describe, Get Leads by Filter / by id, and Sync Leads. */
export function leadRoutes(state: MarketoState): Router {
  const router = Router();

  // https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/leads#describe
  router.get(PATHS.describe, (_req, res) => {
    sendResult(res, requestIdOf(state, res), describeFields(state.leads.deletedFields()));
  });
  router.get(PATHS.describe2, (_req, res) => {
    sendResult(res, requestIdOf(state, res), [describe2(state.leads.deletedFields())]);
  });

  // https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/leads#query
  router.get(PATHS.leads, (req, res) => {
    const params = requestParams(req);
    const filterType = params.get('filterType') ?? '';
    const filterValues = splitList(params.get('filterValues') ?? '');
    if (filterType === '')
      return fail(state, res, marketoError('701', 'filterType cannot be blank'));
    if (filterValues.length === 0) {
      return fail(state, res, marketoError('701', 'filterValues cannot be blank'));
    }
    const filterField = leadField(filterType);
    if (!filterField)
      return fail(state, res, marketoError('1006', `Field '${filterType}' not found`));
    if (!SEARCHABLE_FIELDS.includes(filterField.name)) {
      return fail(state, res, marketoError('1011', `Field '${filterType}' not supported`));
    }
    if (filterValues.length > FILTER_VALUE_LIMIT) {
      return fail(
        state,
        res,
        marketoError('1003', `Too many filter values (max ${FILTER_VALUE_LIMIT})`),
      );
    }

    const fields: string[] = [];
    for (const name of splitList(params.get('fields') ?? '')) {
      const field = leadField(name);
      if (!field) return fail(state, res, marketoError('1006', `Field '${name}' not found`));
      fields.push(field.name);
    }

    const ids = new Set(
      filterValues.flatMap((value) => state.leads.findIds(filterField.name, value)),
    );
    if (ids.size > FILTER_RESULT_LIMIT) {
      return fail(state, res, marketoError('1003', 'Too many results match the filter'));
    }
    const rows = [...ids]
      .sort((a, b) => a - b)
      .flatMap((id) => {
        const lead = state.leads.get(id);

        return lead ? [pick(lead, fields.length > 0 ? fields : DEFAULT_FIELDS)] : [];
      });
    sendResult(res, requestIdOf(state, res), rows);
  });

  // https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/leads#query
  router.get(PATHS.lead, (req, res) => {
    const fields = splitList(requestParams(req).get('fields') ?? '');
    const lead = state.leads.get(Number(req.params.id));
    sendResult(
      res,
      requestIdOf(state, res),
      lead ? [pick(lead, fields.length > 0 ? fields : DEFAULT_FIELDS)] : [],
    );
  });

  // https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/leads#create-and-update
  router.post(PATHS.leads, (req, res) => {
    const body = jsonBody(req);
    const action = body.action ?? 'createOrUpdate';
    const lookupName = body.lookupField ?? 'email';
    const partitionName = body.partitionName ?? DEFAULT_PARTITION;
    const input = body.input;

    if (!isSyncAction(action)) {
      return fail(state, res, marketoError('1003', `Invalid action '${String(action)}'`));
    }
    if (typeof lookupName !== 'string' || typeof partitionName !== 'string') {
      return fail(state, res, marketoError('1003', 'Invalid lookupField or partitionName'));
    }
    const lookupField = leadField(lookupName);
    if (!lookupField)
      return fail(state, res, marketoError('1006', `Field '${lookupName}' not found`));
    if (
      !DEDUPE_FIELDS.includes(lookupField.name) ||
      (lookupField.name === 'id' && action !== 'updateOnly')
    ) {
      return fail(state, res, marketoError('1011', `Field '${lookupName}' not supported`));
    }
    if (!Array.isArray(input) || input.length === 0) {
      return fail(state, res, marketoError('701', 'input cannot be blank'));
    }
    if (input.length > BATCH_RECORD_LIMIT) {
      return fail(
        state,
        res,
        marketoError('1003', `Batch size exceeds the limit of ${BATCH_RECORD_LIMIT}`),
      );
    }

    const result = state.leads.sync({
      action,
      lookupField: lookupField.name,
      partitionName,
      input,
    });
    sendResult(res, requestIdOf(state, res), result);
  });

  return router;
}
