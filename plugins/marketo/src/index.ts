export { marketoConnector } from './definition';
export { BATCH_RECORD_LIMIT, LEADS_OBJECT, MARKETO_API_VERSION, RATE_LIMIT } from './constants';
export { mapMarketoError, type MarketoFailure } from './error-map';
export { RECOMMENDED_MAPPINGS_VERSION } from './recommended-mappings';
