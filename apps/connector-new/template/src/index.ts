import { sampleVendorConnector } from './definition';

export default sampleVendorConnector;
export { sampleVendorConnector };
export { CONTACT_OBJECT, MAX_BATCH_SIZE, SAMPLE_VENDOR_API_VERSION } from './constants';
export { mapSampleVendorError, type SampleVendorFailure } from './error-map';
export { RECOMMENDED_MAPPINGS_VERSION } from './recommended-mappings';
