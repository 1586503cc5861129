import { ERROR_CATEGORIES, ERROR_CATEGORY_CODES, type ErrorCategory } from '@libs/connector-sdk';

/** What an admin reads about one normalised error category (stable API). */
export interface ErrorCategoryInfo {
  code: ErrorCategory;
  title: string;
  /** What went wrong, in plain language. */
  description: string;
  /** What the admin does about it. */
  fix: string;
  /** Whether the host retries leads of this category by itself. */
  retriedByHost: boolean;
  /** The whole connection is affected (re-authorise), not one lead. */
  connectionLevel: boolean;
  /** Help page shipped with the project, also served by the API. */
  helpPage: string;
  helpUrl: string;
}

type Prose = Pick<ErrorCategoryInfo, 'title' | 'description' | 'fix'>;

const PROSE: Record<ErrorCategory, Prose> = {
  AUTH_INVALID: {
    title: 'Connection needs re-authorisation',
    description:
      'The vendor refused the stored credentials: the token was revoked or expired and could not be refreshed.',
    fix: 'Re-authorise the connection. Its leads wait as queued and sync by themselves afterwards.',
  },
  PERMISSION_DENIED: {
    title: 'Integration user lacks access',
    description:
      'The vendor account the connection uses may not create or update this object or field.',
    fix: 'Grant the integration user access to the object and fields, then retry the category.',
  },
  MISSING_REMOTE_FIELD: {
    title: 'Mapped field no longer exists',
    description: 'A remote field the mapping writes to was deleted, renamed or hidden.',
    fix: 'Restore the field in the vendor, or remap or remove the row; then retry the category.',
  },
  REQUIRED_FIELD_MISSING: {
    title: 'Required field is empty',
    description: 'The vendor requires a field that this lead leaves empty.',
    fix: 'Map a Mobly field or a constant to the required field, then retry the category.',
  },
  DATA_VALUE_VALIDATION: {
    title: 'Value refused by the vendor',
    description:
      'The vendor rejected a value: an invalid email, a picklist value it does not allow, a value longer than the field, or one of its validation rules.',
    fix: 'Fix the value in the lead, or adjust the field in the vendor (length, picklist values, validation rule) or the mapping (truncation, value map); then retry.',
  },
  NO_TAG_MAPPING: {
    title: 'Qualifier answer not mapped',
    description: 'The lead answered a qualifier with a value this connection has no mapping for.',
    fix: 'Map the answer to a remote value on the connection, then retry the category.',
  },
  DUPLICATE_BLOCKED: {
    title: 'Blocked by a duplicate rule',
    description:
      "The vendor's duplicate rule refused the record as a duplicate of an existing one.",
    fix: 'Merge or relax the duplicate rule in the vendor, or change the matching strategy; then retry.',
  },
  CAMPAIGN_LINK_INVALID: {
    title: 'Campaign link is not valid',
    description:
      'The linked campaign, program or list is archived, or the member status does not exist.',
    fix: 'Pick an active campaign and an existing status in the campaign settings, then retry.',
  },
  REMOTE_RECORD_NOT_FOUND: {
    title: 'Remote record is gone',
    description:
      'The remote record this lead was synced to was deleted or merged, and matching it again found nothing to update.',
    fix: 'Retry the lead: it is matched again by its natural key and created when nothing matches.',
  },
  RATE_LIMITED: {
    title: 'Vendor rate limit reached',
    description: "The vendor's rate or daily limit was reached.",
    fix: 'Nothing to do: the platform retries after the vendor’s window. Raise the vendor limit if it happens daily.',
  },
  REMOTE_UNAVAILABLE: {
    title: 'Vendor unavailable',
    description: 'The vendor answered with a server error, timed out, or had the record locked.',
    fix: 'Nothing to do: the platform retries with backoff. If it persists, check the vendor status page.',
  },
  UNKNOWN: {
    title: 'Unclassified error',
    description: 'The vendor answered with an error the connector does not classify.',
    fix: "Read the vendor's code and message on the lead; fix the cause in the vendor or the lead, then retry.",
  },
};

function info(code: ErrorCategory): ErrorCategoryInfo {
  const slug = code.toLowerCase().replace(/_/g, '-');

  return {
    code,
    ...PROSE[code],
    retriedByHost: ERROR_CATEGORIES[code].retryable,
    connectionLevel: ERROR_CATEGORIES[code].connectionLevel,
    helpPage: `docs/errors/${slug}.md`,
    helpUrl: `/v1/error-categories/${code}/help`,
  };
}

/** Every category, in the order of the SDK. */
export const ERROR_CATEGORY_INFO: readonly ErrorCategoryInfo[] = ERROR_CATEGORY_CODES.map(info);

export function errorCategoryInfo(code: ErrorCategory): ErrorCategoryInfo {
  return info(code);
}

export function isErrorCategory(value: string): value is ErrorCategory {
  return (ERROR_CATEGORY_CODES as string[]).includes(value);
}
