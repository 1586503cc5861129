import type { ConnectorDefinition } from '@libs/connector-sdk';
import { salesforceConnector } from '@plugins/salesforce';

/** The connector plugins this deployment loads, registered by id in this one place. */
export const INSTALLED_CONNECTORS: ConnectorDefinition[] = [salesforceConnector];
