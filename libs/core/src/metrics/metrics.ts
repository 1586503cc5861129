import { Global, Injectable, Module } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** A gauge whose samples are read when Prometheus scrapes, e.g. counts from the database. */
export interface GaugeSample {
  labels: Record<string, string>;
  value: number;
}

export interface ScrapedGauge {
  name: string;
  help: string;
  labelNames: string[];
  read(): Promise<GaugeSample[]>;
}

/** Outcome of one connector operation as the metrics count it. */
export type CallOutcome = 'ok' | 'error' | 'rate_limited';

/** The platform's Prometheus metrics: one registry per process, served at `/metrics`. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly connectorCalls = new Counter({
    name: 'mobly_connector_calls_total',
    help: 'Connector operations called (each may make several vendor requests), by outcome.',
    labelNames: ['connector', 'operation', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly rateLimited = new Counter({
    name: 'mobly_vendor_rate_limited_total',
    help: 'Vendor answers that reported a rate or quota limit (429 and equivalents).',
    labelNames: ['connector'] as const,
    registers: [this.registry],
  });

  readonly syncLatency = new Histogram({
    name: 'mobly_sync_latency_seconds',
    help: 'From a lead being due for sync (enriched, or its wait over) to Cleared.',
    labelNames: ['connector'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800],
    registers: [this.registry],
  });

  readonly leadOutcomes = new Counter({
    name: 'mobly_sync_outcomes_total',
    help: 'Sync records settled by a worker of this process, by state and category.',
    labelNames: ['connector', 'state', 'category'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'mobly_process_' });
  }

  /** Registers a gauge read at scrape time. */
  scraped(gauge: ScrapedGauge): void {
    if (this.registry.getSingleMetric(gauge.name)) return;
    new Gauge({
      name: gauge.name,
      help: gauge.help,
      labelNames: gauge.labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const sample of await gauge.read()) this.set(sample.labels, sample.value);
      },
    });
  }

  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

@Global()
@Module({ providers: [Metrics], exports: [Metrics] })
export class MetricsModule {}
