import type { ConnectorDefinition } from '@libs/connector-sdk';
import { hubspotConnector } from '@plugins/hubspot';
import { marketoConnector } from '@plugins/marketo';
import { salesforceConnector } from '@plugins/salesforce';
import { slackConnector } from '@plugins/slack';

/** The connector plugins this deployment loads, registered by id in this one place. */
export const INSTALLED_CONNECTORS: ConnectorDefinition[] = [
  salesforceConnector,
  hubspotConnector,
  marketoConnector,
  slackConnector,
];
