import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Run } from '@isync/core';
import type { RunObserver } from '@isync/executor';

const RECORD_OUTCOMES = [
  'new',
  'changed',
  'unchanged',
  'skipped',
  'created',
  'recovered',
  'linked',
  'updated',
  'failed',
] as const;

/**
 * The Prometheus series at `/metrics`: HTTP requests, runs by status, records by outcome, push latency,
 * and the run queue's depth (queue mode). One registry per process.
 */
export class Metrics implements RunObserver {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'isync_http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly requestSeconds = new Histogram({
    name: 'isync_http_request_duration_seconds',
    help: 'Time to answer an HTTP request',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly runs = new Counter({
    name: 'isync_runs_total',
    help: 'Finished runs by status',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  private readonly records = new Counter({
    name: 'isync_records_total',
    help: 'Records handled by runs, by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly pushSeconds = new Histogram({
    name: 'isync_push_duration_seconds',
    help: 'Time of one destination write, by outcome',
    labelNames: ['outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor(queueDepth?: () => Promise<number>) {
    collectDefaultMetrics({ register: this.registry, prefix: 'isync_' });
    new Gauge({
      name: 'isync_queue_depth',
      help: 'Runs waiting in the queue (queue mode; 0 in embedded mode)',
      registers: [this.registry],
      async collect() {
        this.set(queueDepth ? await queueDepth().catch(() => 0) : 0);
      },
    });
  }

  request(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.requestSeconds.observe({ method, route }, seconds);
  }

  runFinished(run: Run): void {
    this.runs.inc({ status: run.status });
    for (const outcome of RECORD_OUTCOMES)
      if (run.counts[outcome] > 0) this.records.inc({ outcome }, run.counts[outcome]);
  }

  pushed(outcome: 'created' | 'recovered' | 'updated' | 'linked' | 'failed', seconds: number): void {
    this.pushSeconds.observe({ outcome }, seconds);
  }
}
