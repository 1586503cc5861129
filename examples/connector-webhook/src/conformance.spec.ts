import { describeConformance } from '@mobly/connector-testkit';

import { startWebhookConformance } from './conformance';

describeConformance('acme-webhook', startWebhookConformance);
