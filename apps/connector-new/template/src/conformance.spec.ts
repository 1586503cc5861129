import { describeConformance } from '@mobly/connector-testkit';

import { startConformance } from './conformance';

describeConformance('sample-vendor', startConformance);
