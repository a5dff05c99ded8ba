import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Integration } from '@isync/core';
import { spawnWorker } from '../testing/child-worker.js';
import { syncWorld } from '../testing/harness.js';
import { overlaps } from '../testing/runs.js';
import { REDIS_URL, redisAvailable, testPrefix } from '../testing/redis.js';
import { sleep } from '../testing/wait.js';
import type { RunJobOutcome } from './bullmq.js';

const redis = await redisAvailable();

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.skipIf(!redis)('queue mode: two worker processes on one Redis', () => {
  it('20 integrations ticking every second for 30 s: no overlapping runs, no tick run twice', async () => {
    const w = await syncWorld({ plangrid: { records: 20 } });
    cleanups.push(() => w.close());
    const keys = testPrefix();
    cleanups.push(() => keys.clean());
    const logs = mkdtempSync(join(tmpdir(), 'isync-jobs-'));
    cleanups.push(async () => rmSync(logs, { recursive: true, force: true }));

    const every = { kind: 'interval' as const, everySeconds: 1 };
    const integrations: Integration[] = [w.integration];
    await w.store.integrations.update(w.tenant.id, w.integration.id, { schedule: every });
    for (let i = 2; i <= 20; i++) integrations.push(await w.addIntegration(`Integration ${i}`, every));

    const names = ['executor-a', 'executor-b'];
    const workers = names.map((name) =>
      spawnWorker(w, name, {
        REDIS_URL,
        ISYNC_TEST_PREFIX: keys.prefix,
        ISYNC_TEST_JOB_LOG: join(logs, `${name}.jsonl`),
      }),
    );
    for (const worker of workers) {
      cleanups.push(async () => {
        worker.kill('SIGKILL');
        await worker.exited;
      });
    }
    await Promise.all(workers.map((worker) => worker.ready));
    await sleep(30_000);
    for (const worker of workers) worker.kill('SIGTERM');
    for (const worker of workers) expect(await worker.exited).toEqual({ code: 0, signal: null });

    const outcomes = names.flatMap((name) =>
      readFileSync(join(logs, `${name}.jsonl`), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as RunJobOutcome),
    );
    const seen = new Map<string, number>();
    for (const outcome of outcomes) seen.set(outcome.jobId, (seen.get(outcome.jobId) ?? 0) + 1);
    expect([...seen].filter(([, times]) => times > 1)).toEqual([]);

    const runsBy = new Map<string, number>();
    let overlapping = 0;
    let total = 0;
    let skippedTicks = 0;
    for (const integration of integrations) {
      const listed = (await w.store.runs.list(w.tenant.id, { integrationId: integration.id }, { limit: 500 }))
        .items;
      // A tick that met its integration's run going is recorded skipped (runs list, metrics), not dropped.
      skippedTicks += listed.filter((run) => run.status === 'skipped').length;
      const runs = listed.filter((run) => run.status !== 'skipped');
      expect(runs.length).toBeGreaterThanOrEqual(2);
      expect(runs.filter((run) => run.status === 'running')).toEqual([]);
      overlapping += overlaps(runs);
      total += runs.length;
      for (const run of runs) runsBy.set(run.executorId ?? '?', (runsBy.get(run.executorId ?? '?') ?? 0) + 1);
    }
    const executed = outcomes.filter((outcome) => outcome.runId !== null && !outcome.skipped);
    expect(new Set(executed.map((outcome) => outcome.runId)).size).toBe(total);
    expect(overlapping).toBe(0);
    expect(skippedTicks).toBe(
      outcomes.filter((o) => o.skipped === 'a run of this integration is going').length,
    );
    expect([...runsBy.keys()].sort()).toEqual(names);
    console.info(
      `two workers: ${outcomes.length} jobs processed once each, ${total} runs (${names.map((n) => `${n} ${runsBy.get(n)}`).join(', ')}), ${outcomes.filter((o) => o.skipped).length} ticks skipped, ${overlapping} overlaps`,
    );
  }, 90_000);
});
