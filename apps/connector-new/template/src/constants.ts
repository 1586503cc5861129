export const CONNECTOR_VERSION = '0.1.0';

/** Version of the Sample Vendor REST API, in every path. */
export const SAMPLE_VENDOR_API_VERSION = 'v1';

/** The one object this connector writes: a person. */
export const CONTACT_OBJECT = 'contact';

/** Records one `POST /v1/contacts/batch` may carry. */
export const MAX_BATCH_SIZE = 50;

/** Requests the API accepts per window, across every worker of one connection. */
export const REQUESTS_PER_WINDOW = 100;
export const WINDOW_MS = 10_000;

/** A call that has not answered by then is treated as unavailable. */
export const REQUEST_TIMEOUT_MS = 30_000;
