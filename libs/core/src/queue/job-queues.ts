import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationShutdown,
} from '@nestjs/common';
import {
  createPostgresBackend,
  Queue,
  withBackend,
  Worker,
  type Job,
  type JobsOptions,
  type PostgresConnectionOptions,
  type PostgresQueueBackend,
  type RepeatOptions,
} from 'bullmq';

export const QUEUE_OPTIONS = Symbol('QUEUE_OPTIONS');

export interface QueueModuleOptions {
  /** BullMQ on Redis when set; otherwise BullMQ's PostgreSQL backend in `databaseUrl`. */
  redisUrl?: string;
  databaseUrl: string;
  /** Namespace of the queues: a key prefix on Redis, a schema on PostgreSQL. */
  prefix: string;
}

/** The part of a BullMQ queue the platform uses, whichever backend carries it. */
export interface JobQueue<T> {
  add(name: string, data: T, options?: JobsOptions): Promise<Job<T>>;
  upsertJobScheduler(
    id: string,
    repeat: Omit<RepeatOptions, 'key'>,
    template?: {
      name?: string;
      data?: T;
    },
  ): Promise<unknown>;
  getJobCounts(...types: string[]): Promise<Record<string, number>>;
  close(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

interface JobWorker {
  close(): Promise<void>;
  on(event: 'failed', listener: (job: Job | undefined, error: Error) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** A BullMQ queue on either backend: Redis, or PostgreSQL. */
export type AnyBackendQueue =
  | Queue
  | Queue<
      unknown,
      unknown,
      string,
      unknown,
      unknown,
      string,
      PostgresQueueBackend,
      PostgresConnectionOptions
    >;

export type JobProcessor<T> = (job: Job<T>) => Promise<unknown>;

/**
 * Creates BullMQ queues and workers on the configured backend and closes them at shutdown.
 * Both backends speak the same Queue and Worker API.
 */
@Injectable()
export class JobQueues implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(JobQueues.name);
  private readonly queues = new Map<string, AnyBackendQueue>();
  private readonly workers: JobWorker[] = [];

  constructor(@Inject(QUEUE_OPTIONS) private readonly options: QueueModuleOptions) {}

  get backend(): 'redis' | 'postgres' {
    return this.options.redisUrl ? 'redis' : 'postgres';
  }

  queue<T>(name: string): JobQueue<T> {
    return this.bullQueue(name) as JobQueue<T>;
  }

  /** The BullMQ queue itself, whichever backend carries it (for the staff queue dashboard). */
  bullQueue(name: string): AnyBackendQueue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = this.createQueue(name);
      queue.on('error', (error) => this.connectionError(name, error));
      this.queues.set(name, queue);
    }

    return queue;
  }

  startWorker<T>(name: string, processor: JobProcessor<T>, concurrency: number): void {
    const worker = this.createWorker(name, processor, concurrency);
    worker.on('failed', (job, error) =>
      this.logger.error({ queue: name, jobId: job?.id, err: error }, 'job failed'),
    );
    worker.on('error', (error) => this.workerError(name, error));
    this.workers.push(worker);
  }

  /** Workers finish their jobs first, while the database is still open. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    this.workers.length = 0;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
  }

  /** Connection trouble of the queue's backend; the clients reconnect on their own. */
  private connectionError(queue: string, error: Error): void {
    this.logger.warn(
      { queue, backend: this.backend, error: error.message },
      'queue connection error',
    );
  }

  /** A worker's trouble: the connection, or a job whose lock it lost while it was stalled. */
  private workerError(queue: string, error: Error): void {
    if (!/lock/i.test(error.message)) return this.connectionError(queue, error);
    this.logger.warn(
      { queue, backend: this.backend, error: error.message },
      'job lock lost: the worker stalled and another may have taken the job',
    );
  }

  private createQueue(name: string): AnyBackendQueue {
    if (this.options.redisUrl) {
      const redis: Queue = new Queue(name, {
        connection: { url: this.options.redisUrl },
        prefix: this.options.prefix,
      });

      return redis;
    }
    const postgres = withBackend(createPostgresBackend);

    return new postgres.Queue(name, { connection: this.postgresConnection() });
  }

  private createWorker<T>(
    name: string,
    processor: JobProcessor<T>,
    concurrency: number,
  ): JobWorker {
    if (this.options.redisUrl) {
      return new Worker<T>(name, processor, {
        connection: { url: this.options.redisUrl, maxRetriesPerRequest: null },
        prefix: this.options.prefix,
        concurrency,
      });
    }
    const postgres = withBackend(createPostgresBackend);

    return new postgres.Worker<T>(name, processor, {
      connection: this.postgresConnection(),
      concurrency,
    });
  }

  /** The PostgreSQL backend creates its schema only when asked to. */
  private postgresConnection(): {
    connectionString: string;
    schema: string;
    migrate: true;
    max: number;
  } {
    return {
      connectionString: this.options.databaseUrl,
      schema: this.options.prefix,
      migrate: true,
      max: 5,
    };
  }
}
