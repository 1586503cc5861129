import { legacyHubSpotConnector } from './hubspot/definition';
import { legacySalesforceConnector } from './salesforce/definition';

export { legacyHubSpotConnector } from './hubspot/definition';
export { legacySalesforceConnector } from './salesforce/definition';
export { legacyError, type LegacyFailure, type LegacyFailureKind } from './errors';

/** The legacy integrations this package defines, one connector each. */
export const connectors = [legacySalesforceConnector, legacyHubSpotConnector];
