export { salesforceConnector } from './definition';
export {
  DEFAULT_LOGIN_URL,
  MATCHING_STRATEGIES,
  SALESFORCE_API_VERSION,
  type MatchingStrategy,
} from './constants';
export { mapSalesforceError, type SalesforceFailure } from './error-map';
export { RECOMMENDED_MAPPINGS_VERSION } from './recommended-mappings';
