export { hubspotConnector } from './definition';
export {
  DEFAULT_BASE_URL,
  HUBSPOT_ASSOCIATIONS_API_VERSION,
  HUBSPOT_CRM_API_VERSION,
  HUBSPOT_OAUTH_API_VERSION,
} from './constants';
export {
  failureFromBody,
  failureFromThrown,
  HubSpotError,
  mapHubSpotError,
  type HubSpotFailure,
  type PropertyError,
} from './error-map';
export { RECOMMENDED_MAPPINGS_VERSION } from './recommended-mappings';
