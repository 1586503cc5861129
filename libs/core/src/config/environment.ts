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
  validateSync,
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

const toNumber = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() !== '' ? Number(value) : value;

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
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
      : value,
  )
  @IsString({ each: true })
  CONNECTOR_PLUGINS: string[] = [];

  /** Log level of the structured JSON logs. */
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Run the sync workers inside the API process (set false when scaling workers apart). */
  @Transform(toBoolean)
  @IsBoolean()
  RUN_WORKERS = true;

  /** Sync jobs one worker process runs at once. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(64)
  WORKER_CONCURRENCY = 4;

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

  /** Where people reach this API from; links in Slack messages (help pages) start with it. */
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL = 'http://localhost:3000';
}

export const SECRET_VARIABLES: ReadonlyArray<keyof Environment> = [
  'DATABASE_URL',
  'REDIS_URL',
  'CREDENTIALS_KEYS',
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
