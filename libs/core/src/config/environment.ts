import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  Validate,
  ValidatorConstraint,
  validateSync,
  type ValidatorConstraintInterface,
} from 'class-validator';

const BOOLEANS: Record<string, boolean> = {
  '1': true,
  true: true,
  yes: true,
  on: true,
  '0': false,
  false: false,
  no: false,
  off: false,
};

/** A recognised yes/no word becomes a boolean; anything else stays as given and fails validation. */
const toBoolean = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? (BOOLEANS[value.trim().toLowerCase()] ?? value) : value;

/** A comma-separated list becomes an array of its non-empty, trimmed items. */
const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : value;

const toNumber = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() !== '' ? Number(value) : value;

const LIMIT_OVERRIDE =
  '\\s*[a-z0-9_-]+\\.(maxBatchSize|requestsPerWindow|windowMs|dailyCap|concurrency)=[1-9][0-9]*\\s*';
const LIMIT_OVERRIDES = new RegExp(`^${LIMIT_OVERRIDE}(,${LIMIT_OVERRIDE})*$`);

/** A date the calendar has (2027-02-30 is refused), in the ISO 8601 shape checked beside it. */
@ValidatorConstraint({ name: 'isRealDate' })
class IsRealDate implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    const day = parseInstant(value.slice(0, 10));

    return (
      parseInstant(value) !== undefined && day?.toISOString().slice(0, 10) === value.slice(0, 10)
    );
  }

  defaultMessage(): string {
    return '$property is not a date the calendar has';
  }
}

/** An ISO 8601 date or date-time as an instant; a date or a time without an offset is UTC. */
export function parseInstant(value: string): Date | undefined {
  const withZone = /T.*(Z|[+-]\d{2}:\d{2})$/.test(value)
    ? value
    : value.includes('T')
      ? `${value}Z`
      : `${value}T00:00:00Z`;
  const parsed = new Date(withZone);

  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

/**
 * Every environment variable the platform reads. Each one has a default, so an empty
 * environment runs the embedded default; `secret` variables are never logged.
 */
export class Environment {
  /** Port the REST API listens on. */
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /**
   * Keys that seal stored credentials (secret): `id:base64-32-bytes`, comma-separated, current
   * key first. Unset: a local key in CREDENTIALS_KEY_FILE, created on first run.
   */
  @IsOptional()
  @Matches(/^\s*[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+\s*(,\s*[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+\s*)*$/, {
    message: 'CREDENTIALS_KEYS must look like id:base64key[,id:base64key…]',
  })
  CREDENTIALS_KEYS?: string;

  /** Where the local credentials key lives when CREDENTIALS_KEYS is unset (git-ignored). */
  @IsString()
  CREDENTIALS_KEY_FILE = '.data/credentials.key';

  /** Interface the REST API binds to; set 0.0.0.0 to serve other hosts. */
  @IsString()
  HOST = '127.0.0.1';

  /** PostgreSQL connection URL (secret: may carry a password). Unset: embedded PostgreSQL. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  /** Redis URL for the job queue (secret). Unset: BullMQ on its PostgreSQL backend. */
  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Namespace of the job queues: Redis key prefix, or PostgreSQL schema. */
  @Matches(/^[a-z][a-z0-9_]{0,62}$/, {
    message: 'QUEUE_PREFIX must be lower-case letters, digits, _',
  })
  QUEUE_PREFIX = 'mobly_queue';

  /** Data folder of the embedded PostgreSQL, created on first run and reused after. */
  @IsString()
  EMBEDDED_PG_DIR = '.data/postgres';

  /** Port of the embedded PostgreSQL; 0 picks a free port at start. */
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(65535)
  EMBEDDED_PG_PORT = 0;

  /** More connector plugins to load: npm package names or paths, comma-separated. */
  @Transform(toList)
  @IsString({ each: true })
  CONNECTOR_PLUGINS: string[] = [];

  /**
   * Redirect URIs the OAuth connect flow may name, comma-separated: the platform's callback
   * (`…/v1/oauth/callback`) as registered with each vendor app. A loopback entry without a port
   * (`http://127.0.0.1/…`) accepts any port, as RFC 8252 asks for native and local apps.
   */
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
      : value,
  )
  @Matches(/^https?:\/\/[^\s,]+$/, {
    each: true,
    message: 'OAUTH_REDIRECT_URIS must list http(s) URLs',
  })
  OAUTH_REDIRECT_URIS: string[] = ['http://127.0.0.1/v1/oauth/callback'];

  /** How long an OAuth `state` (the admin's trip to the vendor and back) stays valid (s). */
  @Transform(toNumber)
  @IsInt()
  @Min(30)
  @Max(3600)
  OAUTH_STATE_TTL_SECONDS = 600;

  /** Log level of the structured JSON logs. */
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Run the sync workers inside the API process (set false when scaling workers apart). */
  @Transform(toBoolean)
  @IsBoolean()
  RUN_WORKERS = true;

  /**
   * Sync jobs one worker process runs at once. A job spends most of its time waiting on the
   * vendor, so a process keeps many in flight (the rate budgets still bound each account).
   */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(64)
  WORKER_CONCURRENCY = 16;

  /** How long a connection's first queued lead waits for others to fill its batch (ms). */
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  SYNC_LINGER_MS = 200;

  /** In automatic mode, how long a lead that is never enriched is held before it syncs (ms). */
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  ENRICHMENT_WAIT_MS = 600_000;

  /** Attempts for transient failures before a lead shows as Failed. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  SYNC_MAX_ATTEMPTS = 8;

  /**
   * Limits of this deployment's vendor accounts where they differ from what the connector
   * declares (a purchased quota, a higher tier): `connector.limit=value`, comma-separated, with
   * limit one of maxBatchSize, requestsPerWindow, windowMs, dailyCap, concurrency. Example:
   * `hubspot.requestsPerWindow=190,marketo.dailyCap=100000`.
   */
  @IsOptional()
  @Matches(LIMIT_OVERRIDES, {
    message: 'CONNECTOR_LIMITS must look like connector.limit=number[,connector.limit=number…]',
  })
  CONNECTOR_LIMITS?: string;

  /** How often the sweeper re-schedules connections with due leads (ms). */
  @Transform(toNumber)
  @IsInt()
  @Min(1000)
  SYNC_SWEEP_INTERVAL_MS = 30_000;

  /** How often workers look for notification rules whose digest is due (ms). */
  @Transform(toNumber)
  @IsInt()
  @Min(1000)
  ALERTS_TICK_MS = 60_000;

  /**
   * When the legacy integrations stop syncing: an ISO 8601 date or date-time (UTC when no offset
   * is given). From then on, leads of categories still on legacy wait as Paused until Mobly staff
   * move the category to the new platform. Unset: no sunset.
   */
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/, {
    message: 'LEGACY_SUNSET_AT must be an ISO 8601 date or date-time, e.g. 2027-06-30T22:00:00Z',
  })
  @Validate(IsRealDate)
  LEGACY_SUNSET_AT?: string;

  /** How many days before LEGACY_SUNSET_AT admins of orgs still on legacy see the notice. */
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(730)
  LEGACY_SUNSET_NOTICE_DAYS = 90;

  /** How often workers apply scheduled platform switches and the legacy sunset (ms). */
  @Transform(toNumber)
  @IsInt()
  @Min(1000)
  MIGRATION_TICK_MS = 30_000;

  /**
   * Where people reach this API (with the path a reverse proxy serves it under); help links in
   * Slack messages and queue dashboard login links start with it.
   */
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL = 'http://localhost:3000';

  /**
   * Mobly staff API keys, as SHA-256 hex digests, comma-separated (secret). Unset: one local key
   * in STAFF_KEY_FILE, created on first run. Hash a key with `printf %s "$KEY" | sha256sum`.
   */
  @Transform(toList)
  @Matches(/^[0-9a-f]{64}$/, {
    each: true,
    message: 'STAFF_API_KEYS must be SHA-256 hex digests, comma-separated',
  })
  STAFF_API_KEYS: string[] = [];

  /** Where the local staff key lives when STAFF_API_KEYS is unset (git-ignored). */
  @IsString()
  STAFF_KEY_FILE = '.data/staff.key';

  /**
   * Keys that verify bearer JWTs (secret), comma-separated: `hs256:<secret>` for a shared HMAC
   * secret (at least 32 characters), `jwks:<https URL>` for an identity provider's key set.
   * Unset: JWTs are refused; org API keys and staff keys still work.
   */
  @Transform(toList)
  @Matches(/^(hs256:.{32,}|jwks:https?:\/\/\S+)$/, {
    each: true,
    message: 'JWT_KEYS entries must be hs256:<secret of 32+ characters> or jwks:<URL>',
  })
  JWT_KEYS: string[] = [];

  /** The `aud` a JWT must carry. */
  @IsString()
  JWT_AUDIENCE = 'mobly-integration-platform';

  /** The `iss` a JWT must carry; empty: any issuer the keys vouch for. */
  @IsString()
  JWT_ISSUER = '';

  /** The JWT claim holding the caller's org id. */
  @IsString()
  JWT_ORG_CLAIM = 'org_id';

  /** The JWT claim holding the caller's role: `admin`, `rep` or `staff`. */
  @IsString()
  JWT_ROLE_CLAIM = 'role';

  /** Requests one caller (API key, token subject, or address when anonymous) may make per window. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  RATE_LIMIT_MAX = 3000;

  /** Length of the rate-limit window (ms). */
  @Transform(toNumber)
  @IsInt()
  @Min(1000)
  RATE_LIMIT_WINDOW_MS = 60_000;

  /** Browser origins allowed to call the API (CORS), comma-separated; empty: none. */
  @Transform(toList)
  @Matches(/^https?:\/\/[^/\s]+$/, {
    each: true,
    message: 'CORS_ORIGINS entries must be origins such as https://hub.mobly.example',
  })
  CORS_ORIGINS: string[] = [];
}

export const SECRET_VARIABLES: ReadonlyArray<keyof Environment> = [
  'DATABASE_URL',
  'REDIS_URL',
  'CREDENTIALS_KEYS',
  'STAFF_API_KEYS',
  'JWT_KEYS',
];

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

/** Validates the whole environment at once and reports every problem together. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const known = new Set([...Object.keys(new Environment()), ...SECRET_VARIABLES]);
  const present = Object.fromEntries(
    Object.entries(raw).filter(([key, value]) => known.has(key) && value !== ''),
  );
  const environment = plainToInstance(Environment, present);
  const errors = validateSync(environment, { skipMissingProperties: false });
  if (errors.length > 0) {
    const problems = errors.flatMap((error) =>
      Object.values(error.constraints ?? {}).map((message) => `${error.property}: ${message}`),
    );
    throw new InvalidEnvironmentError(problems);
  }

  return environment;
}
