import { Router } from 'express';

import { SALESFORCE_ORG, SALESFORCE_USER } from '../constants';
import { baseUrl, sendJson, sendJsonText } from '../http';
import { SOBJECT_TYPES } from '../schema';
import type { SalesforceState } from '../state';
import { apiVersion, scenario, sobjectOf, sobjectParam } from './shared';

/** Resources, limits and describes under `/services/data/vXX.X`. */
export function metadataRoutes(state: SalesforceState): Router {
  const router = Router({ mergeParams: true });

  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_versions.htm
  router.get('/', scenario(state, 'resources'), (req, res) => {
    const version = apiVersion(req);
    const root = `/services/data/v${version}`;
    sendJson(res, 200, {
      sobjects: `${root}/sobjects`,
      query: `${root}/query`,
      queryAll: `${root}/queryAll`,
      limits: `${root}/limits`,
      composite: `${root}/composite`,
      identity: `${baseUrl(req)}/id/${SALESFORCE_ORG.id}/${SALESFORCE_USER.id}`,
    });
  });

  router.get('/limits', scenario(state, 'limits'), (_req, res) => {
    const max = state.settings.apiRequestLimit;
    sendJson(res, 200, {
      ConcurrentAsyncGetReportInstances: { Max: 200, Remaining: 200 },
      DailyApiRequests: { Max: max, Remaining: Math.max(0, max - state.apiUsage) },
      DailyAsyncApexExecutions: { Max: 250000, Remaining: 250000 },
      DailyBulkApiBatches: { Max: 15000, Remaining: 15000 },
      DataStorageMB: { Max: 5, Remaining: 5 },
      FileStorageMB: { Max: 20, Remaining: 20 },
    });
  });

  router.get('/sobjects', scenario(state, 'describe'), (req, res) => {
    const version = apiVersion(req);
    sendJson(res, 200, {
      encoding: 'UTF-8',
      maxBatchSize: 200,
      sobjects: SOBJECT_TYPES.map((type) => {
        const describe = state.schema.describe(type);
        const root = `/services/data/v${version}/sobjects/${type}`;

        return {
          name: describe.name,
          label: describe.label,
          labelPlural: describe.labelPlural,
          keyPrefix: describe.keyPrefix,
          createable: true,
          updateable: true,
          deletable: true,
          queryable: true,
          custom: false,
          urls: { sobject: root, describe: `${root}/describe`, rowTemplate: `${root}/{ID}` },
        };
      }),
    });
  });

  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
  router.get('/sobjects/:type/describe', scenario(state, 'describe'), sobjectParam, (req, res) => {
    sendJsonText(
      res,
      200,
      state.schema.describeJson(sobjectOf(res), apiVersion(req), baseUrl(req)),
    );
  });

  return router;
}
