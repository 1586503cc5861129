import { webhookConnector } from './definition';

export default webhookConnector;
export { webhookConnector };
export {
  HEADERS,
  LEAD_OBJECT,
  MAX_BATCH_SIZE,
  REQUESTS_PER_WINDOW,
  WEBHOOK_PROTOCOL_VERSION,
  WINDOW_MS,
} from './constants';
export { mapWebhookError, type WebhookFailure } from './error-map';
export { RECOMMENDED_MAPPINGS_VERSION } from './recommended-mappings';
export { signatureOf, signedHeaders } from './signing';
