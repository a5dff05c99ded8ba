import { beforeEach, describe, expect, it } from 'vitest';
import { pulledIssue, pulledIssues } from '../../testing/factories.js';
import type { Store } from '../port.js';
import { type ContractWorld } from './world.js';

/** The store contract for records: every adapter gives the same answers. */
export function recordsContract(world: ContractWorld): void {
  describe('records', () => {
    let store: Store;
    let clock: ContractWorld['clock'];
    beforeEach(() => {
      ({ store, clock } = world);
    });
    const { aTenant, anIntegration, aRun } = world;
    it('makes a new source id initiated and leaves an unchanged one alone', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      const page = pulledIssues(3);
      expect(await store.records.upsertPulled(tenant.id, integration.id, page, null)).toEqual({
        created: 3,
        changed: 0,
        unchanged: 0,
      });
      expect(await store.records.upsertPulled(tenant.id, integration.id, page, null)).toEqual({
        created: 0,
        changed: 0,
        unchanged: 3,
      });
      const record = await store.records.getBySourceId(tenant.id, integration.id, 'pg-00001');
      expect(record).toMatchObject({
        sourceId: 'pg-00001',
        status: 'initiated',
        sourceStatus: 'open',
        destinationId: null,
        attempts: 0,
        sourceData: { uid: 'pg-00001', title: 'Issue pg-00001' },
      });
      expect(await store.records.get(tenant.id, record!.id)).toEqual(record);
    });

    it('makes a changed record update-request once it is in the destination, and records the source status change', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      const run = await aRun(tenant, integration);
      await store.records.upsertPulled(tenant.id, integration.id, [pulledIssue('pg-1')], run.id);
      const record = (await store.records.getBySourceId(tenant.id, integration.id, 'pg-1'))!;
      await store.records.markPushed(tenant.id, record.id, {
        runId: run.id,
        destinationId: 'a'.repeat(32),
        destinationNumber: 'FWO0001001',
        operation: 'created',
      });
      clock.advance(60_000);
      const result = await store.records.upsertPulled(
        tenant.id,
        integration.id,
        [pulledIssue('pg-1', { status: 'closed' })],
        run.id,
      );
      expect(result).toEqual({ created: 0, changed: 1, unchanged: 0 });
      const changed = await store.records.get(tenant.id, record.id);
      expect(changed).toMatchObject({
        status: 'update-request',
        sourceStatus: 'closed',
        destinationId: 'a'.repeat(32),
      });
      const timeline = await store.recordEvents.timeline(tenant.id, record.id);
      expect(timeline.map((e) => [e.kind, e.from, e.to])).toEqual([
        ['lifecycle', null, 'initiated'],
        ['lifecycle', 'initiated', 'pushed'],
        ['source-status', 'open', 'closed'],
        ['lifecycle', 'pushed', 'update-request'],
      ]);
      expect(timeline.every((e) => e.runId === run.id)).toBe(true);
      expect(timeline[2]!.at).toBe('2026-03-02T09:01:00.000Z');
    });

    it('keeps a changed record that never reached the destination initiated', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      await store.records.upsertPulled(tenant.id, integration.id, [pulledIssue('pg-1')], null);
      await store.records.upsertPulled(
        tenant.id,
        integration.id,
        [pulledIssue('pg-1', { title: 'New title' })],
        null,
      );
      expect(await store.records.getBySourceId(tenant.id, integration.id, 'pg-1')).toMatchObject({
        status: 'initiated',
        sourceData: { title: 'New title' },
      });
    });

    it('keeps one record per source id under concurrent upserts and repeated ids in a page', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      const results = await Promise.all([
        store.records.upsertPulled(tenant.id, integration.id, [pulledIssue('pg-1')], null),
        store.records.upsertPulled(tenant.id, integration.id, [pulledIssue('pg-1')], null),
        store.records.upsertPulled(
          tenant.id,
          integration.id,
          [pulledIssue('pg-2'), pulledIssue('pg-2')],
          null,
        ),
      ]);
      expect(results.reduce((sum, r) => sum + r.created, 0)).toBe(2);
      const all = await store.records.search(tenant.id, { integrationId: integration.id });
      expect(all.items.map((r) => r.sourceId).sort()).toEqual(['pg-1', 'pg-2']);
      const first = all.items.find((r) => r.sourceId === 'pg-1')!;
      expect(await store.recordEvents.timeline(tenant.id, first.id)).toHaveLength(1);
    });

    it('stores a page of 1,000 records', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      const result = await store.records.upsertPulled(tenant.id, integration.id, pulledIssues(1000), null);
      expect(result.created).toBe(1000);
      expect((await store.records.countByStatus(tenant.id, integration.id)).initiated).toBe(1000);
    });

    it('claims records waiting for the destination in id order, page after page', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      await store.records.upsertPulled(tenant.id, integration.id, pulledIssues(5), null);
      const options = { limit: 2, now: clock.now(), maxAttempts: 3 };
      const first = await store.records.claimForPush(tenant.id, integration.id, options);
      const second = await store.records.claimForPush(tenant.id, integration.id, {
        ...options,
        after: first.at(-1)!.id,
      });
      const third = await store.records.claimForPush(tenant.id, integration.id, {
        ...options,
        after: second.at(-1)!.id,
      });
      expect([...first, ...second, ...third].map((r) => r.sourceId)).toEqual([
        'pg-00000',
        'pg-00001',
        'pg-00002',
        'pg-00003',
        'pg-00004',
      ]);
      await store.records.markPushed(tenant.id, first[0]!.id, {
        runId: null,
        destinationId: 'd1',
        operation: 'created',
      });
      const pending = await store.records.claimForPush(tenant.id, integration.id, {
        ...options,
        limit: 10,
      });
      expect(pending.map((r) => r.sourceId)).not.toContain('pg-00000');
    });

    it('tells the failed records iSync retries by itself from those that need a person', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      const other = await anIntegration(tenant, 'Other');
      await store.records.upsertPulled(tenant.id, integration.id, pulledIssues(3), null);
      await store.records.upsertPulled(tenant.id, other.id, pulledIssues(1), null);
      const [a, b] = await store.records.claimForPush(tenant.id, integration.id, {
        limit: 3,
        now: clock.now(),
        maxAttempts: 5,
      });
      const [c] = await store.records.claimForPush(tenant.id, other.id, {
        limit: 1,
        now: clock.now(),
        maxAttempts: 5,
      });
      const later = new Date(clock.now().getTime() + 60_000);
      await store.records.markFailed(tenant.id, a!.id, { runId: null, error: '503', nextAttemptAt: later });
      await store.records.markFailed(tenant.id, b!.id, {
        runId: null,
        error: 'mapping',
        nextAttemptAt: null,
      });
      await store.records.markFailed(tenant.id, c!.id, { runId: null, error: '503', nextAttemptAt: later });
      expect(await store.records.waiting(tenant.id, integration.id)).toEqual({ retry: 1, attention: 1 });
      expect(await store.records.waiting(tenant.id)).toEqual({ retry: 2, attention: 1 });
      expect(await store.records.waiting((await aTenant('none')).id)).toEqual({ retry: 0, attention: 0 });
      // A page of the integrations list asks for all of them in one query.
      const third = await anIntegration(tenant, 'Nothing waits');
      expect(await store.records.waitingOf(tenant.id, [integration.id, other.id, third.id])).toEqual(
        new Map([
          [integration.id, { retry: 1, attention: 1 }],
          [other.id, { retry: 1, attention: 0 }],
        ]),
      );
      expect(await store.records.waitingOf((await aTenant('stranger')).id, [integration.id])).toEqual(
        new Map(),
      );
    });

    it('retries failed records only when due and while attempts remain', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      await store.records.upsertPulled(tenant.id, integration.id, pulledIssues(3), null);
      const [due, later, exhausted] = await store.records.claimForPush(tenant.id, integration.id, {
        limit: 3,
        now: clock.now(),
        maxAttempts: 2,
      });
      const now = clock.now();
      const soon = new Date(now.getTime() + 60_000);
      await store.records.markFailed(tenant.id, due!.id, { runId: null, error: '503', nextAttemptAt: now });
      await store.records.markFailed(tenant.id, later!.id, {
        runId: null,
        error: '503',
        nextAttemptAt: soon,
      });
      await store.records.markFailed(tenant.id, exhausted!.id, {
        runId: null,
        error: '503',
        nextAttemptAt: now,
      });
      await store.records.markFailed(tenant.id, exhausted!.id, {
        runId: null,
        error: '503',
        nextAttemptAt: now,
      });
      const claimed = await store.records.claimForPush(tenant.id, integration.id, {
        limit: 10,
        now,
        maxAttempts: 2,
      });
      expect(claimed.map((r) => r.id)).toEqual([due!.id]);
      const afterAMinute = await store.records.claimForPush(tenant.id, integration.id, {
        limit: 10,
        now: soon,
        maxAttempts: 2,
      });
      expect(afterAMinute.map((r) => r.id)).toEqual([due!.id, later!.id]);
      const waitingOnly = await store.records.claimForPush(tenant.id, integration.id, {
        limit: 10,
        now: soon,
        maxAttempts: 2,
        retries: false,
      });
      expect(waitingOnly).toEqual([]);
      // A failed record whose source changed waits for its push again, retries or not.
      await store.records.upsertPulled(
        tenant.id,
        integration.id,
        [pulledIssue(due!.sourceId, { title: 'Edited' })],
        null,
      );
      const changed = await store.records.claimForPush(tenant.id, integration.id, {
        limit: 10,
        now,
        maxAttempts: 2,
        retries: false,
      });
      expect(changed.map((r) => [r.id, r.status])).toEqual([[due!.id, 'initiated']]);
    });

    it("counts a run's outcomes from the lifecycle events it wrote", async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      const run = await aRun(tenant, integration);
      const other = await aRun(tenant, integration);
      await store.records.upsertPulled(tenant.id, integration.id, pulledIssues(7), run.id);
      const [a, b, c, d, e, f, g] = await store.records.claimForPush(tenant.id, integration.id, {
        limit: 10,
        now: clock.now(),
        maxAttempts: 5,
      });
      const pushed = (recordId: string, operation: 'created' | 'recovered' | 'linked', runId = run.id) => ({
        recordId,
        runId,
        destinationId: `wo-${recordId}`,
        operation,
      });
      await store.records.markPushedMany(tenant.id, [
        pushed(a!.id, 'created'),
        pushed(b!.id, 'created'),
        pushed(c!.id, 'recovered'),
        pushed(d!.id, 'linked'),
        pushed(g!.id, 'created', other.id),
      ]);
      await store.records.markFailedMany(tenant.id, [
        { recordId: e!.id, runId: run.id, error: '503', nextAttemptAt: null },
      ]);
      await store.records.markSkipped(tenant.id, f!.id, { runId: run.id, reason: 'filtered out' });
      // An update of a record pushed before, in the same run.
      await store.records.upsertPulled(
        tenant.id,
        integration.id,
        [pulledIssue(a!.sourceId, { title: 'Edited' })],
        run.id,
      );
      await store.records.markPushed(tenant.id, a!.id, {
        runId: run.id,
        destinationId: `wo-${a!.id}`,
        operation: 'updated',
      });
      expect(await store.recordEvents.outcomesOfRun(tenant.id, run.id)).toEqual({
        created: 2,
        recovered: 1,
        updated: 1,
        linked: 1,
        failed: 1,
        skipped: 1,
      });
      expect(await store.recordEvents.outcomesOfRun(tenant.id, other.id)).toMatchObject({ created: 1 });
      expect(await store.recordEvents.outcomesOfRun((await aTenant('stranger')).id, run.id)).toEqual({
        created: 0,
        recovered: 0,
        updated: 0,
        linked: 0,
        failed: 0,
        skipped: 0,
      });
    });

    it('walks a record through intent, push, failure, skip and update with an event for each', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      const run = await aRun(tenant, integration);
      await store.records.upsertPulled(tenant.id, integration.id, [pulledIssue('pg-1')], run.id);
      const record = (await store.records.getBySourceId(tenant.id, integration.id, 'pg-1'))!;

      clock.advance(1000);
      expect(await store.records.markPushIntent(tenant.id, record.id)).toBe(true);
      expect((await store.records.get(tenant.id, record.id))?.pushIntentAt).toBe('2026-03-02T09:00:01.000Z');

      const retryAt = new Date('2026-03-02T09:05:00.000Z');
      const failed = await store.records.markFailed(tenant.id, record.id, {
        runId: run.id,
        error: 'Nuvolo answered 503',
        nextAttemptAt: retryAt,
      });
      expect(failed).toMatchObject({
        status: 'failed',
        attempts: 1,
        lastError: 'Nuvolo answered 503',
        nextAttemptAt: retryAt.toISOString(),
      });

      clock.set('2026-03-02T09:06:00.000Z');
      const pushed = await store.records.markPushed(tenant.id, record.id, {
        runId: run.id,
        destinationId: 'b'.repeat(32),
        destinationNumber: 'FWO0001002',
        operation: 'created',
      });
      expect(pushed).toMatchObject({
        status: 'pushed',
        attempts: 0,
        lastError: null,
        nextAttemptAt: null,
        pushIntentAt: null,
        destinationId: 'b'.repeat(32),
        destinationNumber: 'FWO0001002',
        pushedAt: '2026-03-02T09:06:00.000Z',
        lastRunId: run.id,
      });

      const updated = await store.records.markPushed(tenant.id, record.id, {
        runId: run.id,
        destinationId: 'b'.repeat(32),
        operation: 'updated',
      });
      expect(updated?.status).toBe('updated');
      clock.advance(1000);

      const skipped = await store.records.markSkipped(tenant.id, record.id, {
        runId: run.id,
        reason: 'filtered out',
      });
      expect(skipped?.status).toBe('skipped');

      const timeline = await store.recordEvents.timeline(tenant.id, record.id);
      expect(timeline.map((e) => `${e.from ?? '∅'}→${e.to}`)).toEqual([
        '∅→initiated',
        'initiated→failed',
        'failed→pushed',
        'pushed→updated',
        'updated→skipped',
      ]);
      expect(timeline[1]?.detail).toMatchObject({ error: 'Nuvolo answered 503' });
      expect(timeline[2]?.detail).toMatchObject({ destinationNumber: 'FWO0001002' });
      expect(timeline[4]?.detail).toMatchObject({ reason: 'filtered out' });
      expect(timeline.map((e) => e.at)).toEqual([...timeline.map((e) => e.at)].sort());
    });

    it('records a batch: intents in one write, then pushes and failures, each with its event', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      const run = await aRun(tenant, integration);
      await store.records.upsertPulled(tenant.id, integration.id, pulledIssues(4), run.id);
      const [a, b, c, d] = (await store.records.claimForPush(tenant.id, integration.id, {
        limit: 10,
        now: clock.now(),
        maxAttempts: 5,
      }))!;

      clock.advance(1000);
      expect(await store.records.markPushIntents(tenant.id, [a!.id, b!.id, c!.id, 'no-such-record'])).toBe(3);
      expect(await store.records.markPushIntents(tenant.id, [])).toBe(0);
      for (const record of [a, b, c]) {
        expect((await store.records.get(tenant.id, record!.id))?.pushIntentAt).toBe(
          '2026-03-02T09:00:01.000Z',
        );
      }
      expect((await store.records.get(tenant.id, d!.id))?.pushIntentAt).toBeNull();

      clock.advance(1000);
      const answeredAt = new Date('2026-03-02T09:00:01.500Z');
      expect(
        await store.records.markPushedMany(tenant.id, [
          {
            recordId: a!.id,
            runId: run.id,
            destinationId: 'd-a',
            destinationNumber: 'FWO1',
            operation: 'created',
            at: answeredAt,
          },
          { recordId: b!.id, runId: run.id, destinationId: 'd-b', operation: 'created' },
          { recordId: 'no-such-record', runId: run.id, destinationId: 'd-x', operation: 'created' },
        ]),
      ).toBe(2);
      const failure = {
        runId: run.id,
        error: 'Nuvolo answered 503',
        nextAttemptAt: new Date('2026-03-02T09:05:00.000Z'),
      };
      expect(await store.records.markFailedMany(tenant.id, [{ ...failure, recordId: c!.id }])).toBe(1);
      expect(
        await store.records.markFailedMany(tenant.id, [{ ...failure, recordId: c!.id, error: '502' }]),
      ).toBe(1);
      expect(await store.records.markPushedMany(tenant.id, [])).toBe(0);
      expect(await store.records.markFailedMany(tenant.id, [])).toBe(0);

      expect(await store.records.get(tenant.id, a!.id)).toMatchObject({
        status: 'pushed',
        destinationId: 'd-a',
        destinationNumber: 'FWO1',
        pushIntentAt: null,
        pushedAt: answeredAt.toISOString(),
        lastRunId: run.id,
      });
      expect(await store.records.get(tenant.id, b!.id)).toMatchObject({
        status: 'pushed',
        destinationId: 'd-b',
        destinationNumber: null,
        pushIntentAt: null,
        pushedAt: '2026-03-02T09:00:02.000Z',
      });
      // A failed create keeps its intent: the next attempt looks it up by correlation first.
      expect(await store.records.get(tenant.id, c!.id)).toMatchObject({
        status: 'failed',
        attempts: 2,
        lastError: '502',
        nextAttemptAt: '2026-03-02T09:05:00.000Z',
        pushIntentAt: '2026-03-02T09:00:01.000Z',
      });
      expect((await store.records.get(tenant.id, d!.id))?.status).toBe('initiated');

      const transitions = async (recordId: string) =>
        (await store.recordEvents.timeline(tenant.id, recordId)).map(
          (e) => `${e.from ?? '∅'}→${e.to} ${e.at}`,
        );
      expect(await transitions(a!.id)).toEqual([
        '∅→initiated 2026-03-02T09:00:00.000Z',
        'initiated→pushed 2026-03-02T09:00:01.500Z',
      ]);
      expect(await transitions(c!.id)).toEqual([
        '∅→initiated 2026-03-02T09:00:00.000Z',
        'initiated→failed 2026-03-02T09:00:02.000Z',
        'failed→failed 2026-03-02T09:00:02.000Z',
      ]);
      const [, pushedA] = await store.recordEvents.timeline(tenant.id, a!.id);
      expect(pushedA).toMatchObject({
        runId: run.id,
        detail: { destinationId: 'd-a', destinationNumber: 'FWO1' },
      });
      const [, first, second] = await store.recordEvents.timeline(tenant.id, c!.id);
      expect(first?.detail).toEqual({ error: 'Nuvolo answered 503', attempt: 1 });
      expect(second?.detail).toEqual({ error: '502', attempt: 2 });
    });

    it('links a record to a destination record found by its key, then updates it, and a change asks for an update', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      const run = await aRun(tenant, integration);
      await store.records.upsertPulled(tenant.id, integration.id, [pulledIssue('pg-1')], run.id);
      const record = (await store.records.getBySourceId(tenant.id, integration.id, 'pg-1'))!;
      await store.records.markPushIntents(tenant.id, [record.id]);
      clock.advance(1000);
      const match = { field: 'number', value: 'PG-1' };
      expect(
        await store.records.markPushedMany(tenant.id, [
          {
            recordId: record.id,
            runId: run.id,
            destinationId: 'd-1',
            destinationNumber: 'PG-1',
            operation: 'linked',
            match,
          },
        ]),
      ).toBe(1);
      expect(await store.records.get(tenant.id, record.id)).toMatchObject({
        status: 'linked',
        destinationId: 'd-1',
        destinationNumber: 'PG-1',
        pushIntentAt: null,
        pushedAt: '2026-03-02T09:00:01.000Z',
      });
      expect((await store.records.countByStatus(tenant.id, integration.id)).linked).toBe(1);
      expect(await store.records.search(tenant.id, { status: 'linked' })).toMatchObject({
        items: [{ id: record.id }],
      });
      // A linked record is in the destination: it is not claimed again until its source changes.
      expect(
        await store.records.claimForPush(tenant.id, integration.id, {
          limit: 10,
          now: clock.now(),
          maxAttempts: 5,
        }),
      ).toEqual([]);

      clock.advance(1000);
      await store.records.markPushedMany(tenant.id, [
        { recordId: record.id, runId: run.id, destinationId: 'd-1', operation: 'updated' },
      ]);
      clock.advance(1000);
      await store.records.upsertPulled(
        tenant.id,
        integration.id,
        [pulledIssue('pg-1', { title: 'Changed' })],
        run.id,
      );
      const timeline = await store.recordEvents.timeline(tenant.id, record.id);
      expect(timeline.map((e) => `${e.from ?? '∅'}→${e.to}`)).toEqual([
        '∅→initiated',
        'initiated→linked',
        'linked→updated',
        'updated→update-request',
      ]);
      expect(timeline[1]!.detail).toEqual({
        destinationId: 'd-1',
        destinationNumber: 'PG-1',
        matchedBy: match,
      });
      expect(timeline[2]!.detail).toEqual({ destinationId: 'd-1', destinationNumber: null });
    });

    it('gives a record named twice in one batch its last outcome, with one event', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      await store.records.upsertPulled(tenant.id, integration.id, [pulledIssue('pg-1')], null);
      const record = (await store.records.getBySourceId(tenant.id, integration.id, 'pg-1'))!;
      const pushed = { recordId: record.id, runId: null, operation: 'created' as const };
      expect(
        await store.records.markPushedMany(tenant.id, [
          { ...pushed, destinationId: 'first' },
          { ...pushed, destinationId: 'last' },
        ]),
      ).toBe(1);
      expect((await store.records.get(tenant.id, record.id))?.destinationId).toBe('last');
      expect(await store.recordEvents.timeline(tenant.id, record.id)).toHaveLength(2);
    });

    it('requeues failed records chosen by id or by the run they failed in', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      const run = await aRun(tenant, integration);
      await store.records.upsertPulled(tenant.id, integration.id, pulledIssues(4), null);
      const [a, b, c, d] = await store.records.claimForPush(tenant.id, integration.id, {
        limit: 4,
        now: clock.now(),
        maxAttempts: 5,
      });
      await store.records.markPushed(tenant.id, b!.id, {
        runId: null,
        destinationId: 'dest-b',
        operation: 'created',
      });
      await store.records.markFailed(tenant.id, a!.id, { runId: run.id, error: 'x', nextAttemptAt: null });
      await store.records.markFailed(tenant.id, b!.id, { runId: run.id, error: 'x', nextAttemptAt: null });
      await store.records.markFailed(tenant.id, c!.id, { runId: null, error: 'x', nextAttemptAt: null });

      expect(await store.records.requeue(tenant.id, { runId: run.id })).toBe(2);
      expect(await store.records.get(tenant.id, a!.id)).toMatchObject({ status: 'initiated', attempts: 0 });
      expect(await store.records.get(tenant.id, b!.id)).toMatchObject({
        status: 'update-request',
        attempts: 0,
      });
      expect((await store.records.get(tenant.id, c!.id))?.status).toBe('failed');

      expect(await store.records.requeue(tenant.id, { recordIds: [c!.id, d!.id] })).toBe(1);
      expect((await store.records.get(tenant.id, c!.id))?.status).toBe('initiated');
      const timeline = await store.recordEvents.timeline(tenant.id, c!.id);
      expect(timeline.at(-1)).toMatchObject({ from: 'failed', to: 'initiated', detail: { replay: true } });
    });

    it('requeues by run only records that failed in it, not records whose source status reads failed', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      const run = await aRun(tenant, integration);
      await store.records.upsertPulled(tenant.id, integration.id, [pulledIssue('pg-1')], run.id);
      await store.records.upsertPulled(
        tenant.id,
        integration.id,
        [pulledIssue('pg-1', { status: 'failed' })],
        run.id,
      );
      expect(await store.records.requeue(tenant.id, { runId: run.id })).toBe(0);
    });

    it('searches by source id, destination number, text and status, page by page', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      await store.records.upsertPulled(
        tenant.id,
        integration.id,
        [
          pulledIssue('pg-1', { title: 'Leaking pipe in room 101' }),
          pulledIssue('pg-2', { title: 'Broken door' }),
          pulledIssue('pg-3', { title: 'Paint 50% done' }),
        ],
        null,
      );
      const pg2 = (await store.records.getBySourceId(tenant.id, integration.id, 'pg-2'))!;
      await store.records.markPushed(tenant.id, pg2.id, {
        runId: null,
        destinationId: 'c'.repeat(32),
        destinationNumber: 'FWO0001042',
        operation: 'created',
      });
      const ids = async (search: Parameters<Store['records']['search']>[1]) =>
        (await store.records.search(tenant.id, search)).items.map((r) => r.sourceId);
      expect(await ids({ q: 'pg-1' })).toEqual(['pg-1']);
      expect(await ids({ q: 'FWO0001042' })).toEqual(['pg-2']);
      expect(await ids({ q: 'leaking pipe' })).toEqual(['pg-1']);
      expect(await ids({ q: '50%' })).toEqual(['pg-3']);
      expect(await ids({ status: 'pushed' })).toEqual(['pg-2']);
      expect(await ids({ integrationId: integration.id })).toEqual(['pg-3', 'pg-2', 'pg-1']);
      const page1 = await store.records.search(tenant.id, {}, { limit: 2 });
      const page2 = await store.records.search(tenant.id, {}, { limit: 2, cursor: page1.nextCursor! });
      expect([...page1.items, ...page2.items].map((r) => r.sourceId)).toEqual(['pg-3', 'pg-2', 'pg-1']);
      expect(page2.nextCursor).toBeNull();
    });

    it('counts records by status', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      await store.records.upsertPulled(tenant.id, integration.id, pulledIssues(3), null);
      const [first] = await store.records.claimForPush(tenant.id, integration.id, {
        limit: 1,
        now: clock.now(),
        maxAttempts: 1,
      });
      await store.records.markSkipped(tenant.id, first!.id, { runId: null, reason: 'filter' });
      expect(await store.records.countByStatus(tenant.id)).toEqual({
        initiated: 2,
        'update-request': 0,
        skipped: 1,
        pushed: 0,
        linked: 0,
        updated: 0,
        failed: 0,
      });
    });
  });
}
