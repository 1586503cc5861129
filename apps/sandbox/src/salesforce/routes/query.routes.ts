import { Router, type Request, type Response } from 'express';

import { restError, sendErrors, sendJson } from '../http';
import { parseSoql, runSoql, SoqlError } from '../soql';
import type { QueryCursor, SalesforceState } from '../state';
import { apiVersion, recordBody, scenario } from './shared';

/** SOQL over `/query` and `/queryAll`, with `nextRecordsUrl` paging. */
export function queryRoutes(state: SalesforceState): Router {
  const router = Router({ mergeParams: true });

  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
  const query = (includeDeleted: boolean) => (req: Request, res: Response) => {
    const soql = typeof req.query.q === 'string' ? req.query.q : undefined;
    if (soql === undefined) {
      sendErrors(res, 400, restError('MALFORMED_QUERY', 'A query string has to be specified'));

      return;
    }
    try {
      const parsed = parseSoql(soql, state.schema);
      const cursor: QueryCursor = {
        type: parsed.type,
        fields: parsed.fields.map((field) => field.name),
        rows: runSoql(parsed, state.store.list(parsed.type, { includeDeleted })),
        pageSize: requestedPageSize(req, state.settings.queryPageSize),
      };
      sendQueryPage(req, res, cursor, 0);
    } catch (error) {
      if (!(error instanceof SoqlError)) throw error;
      sendErrors(res, 400, restError(error.errorCode, error.message));
    }
  };

  const sendQueryPage = (
    req: Request,
    res: Response,
    cursor: QueryCursor,
    offset: number,
    cursorId?: string,
  ) => {
    const version = apiVersion(req);
    const page = cursor.rows.slice(offset, offset + cursor.pageSize);
    const done = offset + page.length >= cursor.rows.length;
    const body: Record<string, unknown> = {
      totalSize: cursor.rows.length,
      done,
      records: page.map((record) => recordBody(cursor.type, version, record, cursor.fields)),
    };
    if (!done) {
      const id = cursorId ?? state.openCursor(cursor);
      body.nextRecordsUrl = `/services/data/v${version}/query/${id}-${offset + page.length}`;
    }
    sendJson(res, 200, body);
  };

  const queryMore = (req: Request, res: Response) => {
    const locator = typeof req.params.locator === 'string' ? req.params.locator : '';
    const match = /^(.+)-(\d+)$/.exec(locator);
    const cursor = match ? state.cursor(match[1]) : undefined;
    if (!match || !cursor) {
      sendErrors(res, 400, restError('INVALID_QUERY_LOCATOR', 'invalid query locator'));

      return;
    }
    sendQueryPage(req, res, cursor, Number(match[2]), match[1]);
  };

  router.get('/query', scenario(state, 'query'), query(false));
  router.get('/queryAll', scenario(state, 'query'), query(true));
  router.get('/query/:locator', scenario(state, 'query'), queryMore);
  router.get('/queryAll/:locator', scenario(state, 'query'), queryMore);

  return router;
}

/** `Sforce-Query-Options: batchSize=N` (200–2000) overrides the page size for one query. */
function requestedPageSize(req: Request, fallback: number): number {
  const match = /batchSize\s*=\s*(\d+)/i.exec(req.get('sforce-query-options') ?? '');
  if (!match) return fallback;

  return Math.min(2000, Math.max(200, Number(match[1])));
}
