import { Router } from 'express';

import { HUBSPOT_PORTAL } from '../constants';
import { sendError, sendJson } from '../http';
import type { HubSpotState } from '../state';
import { crmRoute, objectTypeOf, pathParam } from './shared';

/** Properties v3: the account's property definitions per object type. */
export function metadataRoutes(state: HubSpotState): Router {
  const router = Router();

  // https://developers.hubspot.com/docs/api-reference/account/account-info/v3/details
  router.get('/account-info/v3/details', ...crmRoute(state, 'account.details'), (_req, res) => {
    sendJson(res, 200, {
      portalId: HUBSPOT_PORTAL.id,
      accountType: 'STANDARD',
      timeZone: 'US/Eastern',
      companyCurrency: 'USD',
      additionalCurrencies: [],
      utcOffset: '-05:00',
      utcOffsetMilliseconds: -18000000,
      uiDomain: 'app.hubspot.com',
      dataHostingLocation: 'na1',
    });
  });

  // https://developers.hubspot.com/docs/api-reference/legacy/crm/properties/core/get-all
  router.get(
    '/crm/v3/properties/:objectType',
    ...crmRoute(state, () => 'properties'),
    (_req, res) => {
      sendJson(res, 200, { results: state.properties.list(objectTypeOf(res)) });
    },
  );

  router.get(
    '/crm/v3/properties/:objectType/:propertyName',
    ...crmRoute(state, () => 'properties'),
    (req, res) => {
      const type = objectTypeOf(res);
      const name = pathParam(req, 'propertyName');
      const property = state.properties.get(type, name);
      if (!property) {
        sendError(
          res,
          404,
          'OBJECT_NOT_FOUND',
          `Unable to find property ${name} for object type ${type}`,
        );

        return;
      }
      sendJson(res, 200, property);
    },
  );

  return router;
}
