/*
 * An executor process for tests that kill and stop workers: an in-process scheduler, or a BullMQ worker
 * when ISYNC_TEST_PREFIX is set, over the SQLite file of a test's syncWorld (the connections stored there
 * point at the simulators of the test process). Configured by environment:
 *   ISYNC_TEST_DB               the SQLite file
 *   ISYNC_MASTER_KEY            the key the world's secrets were sealed with
 *   ISYNC_EXECUTOR_ID           names this process in runs
 *   ISYNC_TEST_PUSH_CONCURRENCY, ISYNC_TEST_BATCH_SIZE   engine options (optional)
 *   REDIS_URL, ISYNC_TEST_PREFIX, ISYNC_TEST_LOCK_MS, ISYNC_TEST_STALLED_MS   queue mode
 *   ISYNC_TEST_JOB_LOG          queue mode: a file that gets one JSON line per job processed
 * Prints "ready" once scheduling.
 */
import { appendFileSync } from 'node:fs';
import { createLogger, keyring, openSqliteStore } from '@isync/core';
import type { EngineDependencies } from '../engine/run.js';
import { QueueScheduler } from '../schedulers/bullmq.js';
import { InProcessScheduler } from '../schedulers/in-process.js';
import type { Scheduler } from '../schedulers/scheduler.js';
import { serveUntilStopped } from '../worker.js';
import { FAST_HTTP } from './fast-http.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`the test worker needs ${name}`);
  return value;
};
/** `{ [key]: n }` when the variable is set, else nothing: spread into options. */
const numberOption = <K extends string>(key: K, name: string): { [P in K]?: number } =>
  process.env[name] ? ({ [key]: Number(process.env[name]) } as { [P in K]: number }) : {};

const logger = createLogger({ level: 'warn', pretty: false, destination: process.stderr });
const store = openSqliteStore({ file: env('ISYNC_TEST_DB') });
const engine: EngineDependencies = {
  store,
  keyring: keyring(env('ISYNC_MASTER_KEY')),
  logger,
  executorId: env('ISYNC_EXECUTOR_ID'),
  connectorHttp: FAST_HTTP,
  options: {
    retryBaseMs: 0,
    ...numberOption('pushConcurrency', 'ISYNC_TEST_PUSH_CONCURRENCY'),
    ...numberOption('batchSize', 'ISYNC_TEST_BATCH_SIZE'),
  },
};

const prefix = process.env.ISYNC_TEST_PREFIX;
const jobLog = process.env.ISYNC_TEST_JOB_LOG;
const scheduler: Scheduler = prefix
  ? new QueueScheduler(engine, {
      redisUrl: env('REDIS_URL'),
      prefix,
      work: true,
      concurrency: 4,
      lockMs: 5_000,
      ...numberOption('lockMs', 'ISYNC_TEST_LOCK_MS'),
      ...numberOption('stalledIntervalMs', 'ISYNC_TEST_STALLED_MS'),
      ...(jobLog && {
        onJob: (outcome) => appendFileSync(jobLog, `${JSON.stringify({ ...outcome, pid: process.pid })}\n`),
      }),
    })
  : new InProcessScheduler(engine, { concurrency: 4 });

await serveUntilStopped(scheduler, { logger, onClosed: () => store.close() });
process.stdout.write('ready\n');
