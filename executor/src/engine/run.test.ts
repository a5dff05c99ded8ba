import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConnector, type Connector, type ConnectorFactory } from '@isync/nodes';
import { WORK_ORDERS } from '@isync/simulators';
import { syncWorld, type SyncWorld } from '../testing/harness.js';
import { executeRun } from './run.js';

const worlds: SyncWorld[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((world) => world.close()));
});

async function world(...args: Parameters<typeof syncWorld>) {
  const created = await syncWorld(...args);
  worlds.push(created);
  return created;
}

/** Nuvolo's state values for the labels the flow maps to (Open, Work in Progress, On Hold, Closed Complete). */
const STATES: Record<string, string> = { open: '2', in_review: '3', pending: '4', closed: '5' };
const CANCELED = '7';

const serviceNowTime = (iso: unknown) =>
  typeof iso === 'string' ? new Date(iso).toISOString().slice(0, 19).replace('T', ' ') : null;

/** Resolves with `promise`, or fails the test saying `what` did not happen within a few seconds. */
async function within(promise: Promise<void>, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(what)), 10_000);
  });
  try {
    await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Connectors as usual, but `system`'s `method` goes through `replace`, which is given the real connector. */
function intercept<M extends 'create' | 'list'>(
  system: 'plangrid' | 'nuvolo',
  method: M,
  replace: (real: Connector, ...args: Parameters<Connector[M]>) => ReturnType<Connector[M]>,
  factory: ConnectorFactory = createConnector,
): ConnectorFactory {
  return (input) => {
    const connector = factory(input);
    if (input.connection.system !== system) return connector;
    return new Proxy(connector, {
      get(target, key, receiver) {
        if (key !== method) return Reflect.get(target, key, receiver) as unknown;
        return (...args: Parameters<Connector[M]>) => replace(target, ...args);
      },
    });
  };
}

/** Every issue has exactly one work order, carrying its uid, mapped fields and mapped state. */
function expectMirrored(w: SyncWorld) {
  const issues = w.issues();
  const orders = w.workOrders();
  const byCorrelation = new Map<string, Record<string, unknown>[]>();
  for (const order of orders) {
    const key = String(order.correlation_id);
    byCorrelation.set(key, [...(byCorrelation.get(key) ?? []), order]);
  }
  expect([...byCorrelation.values()].filter((same) => same.length > 1)).toEqual([]);
  expect(orders).toHaveLength(issues.length);
  for (const issue of issues) {
    const order = byCorrelation.get(String(issue.uid))?.[0];
    expect(order, `work order for ${String(issue.uid)}`).toBeDefined();
    expect(order).toMatchObject({
      short_description: `PG-${String(issue.number)}: ${String(issue.title)}`,
      state: issue.deleted ? CANCELED : STATES[String(issue.status)],
      u_source_system: 'PlanGrid',
    });
    expect(order!.due_date || null).toBe(serviceNowTime(issue.due_at));
  }
}

describe('run engine: PlanGrid issues → Nuvolo work orders', () => {
  it('syncs 2,000 issues once, pushes nothing again, then pushes exactly what churn changed', async () => {
    const w = await world({ plangrid: { records: 4200 } });
    const { tenant, integration, store } = w;
    expect(w.issues().length).toBeGreaterThanOrEqual(2000);

    const first = await executeRun(w.engine, {
      tenantId: tenant.id,
      integrationId: integration.id,
      trigger: 'manual',
    });
    expect(first).toMatchObject({ status: 'succeeded', error: null });
    expect(first!.counts).toMatchObject({
      pulled: w.issues().length,
      new: w.issues().length,
      created: w.issues().length,
      failed: 0,
    });
    expectMirrored(w);
    const located = w.workOrders().filter((order) => order.work_location);
    expect(located.length).toBeGreaterThan(0);

    const second = await executeRun(w.engine, {
      tenantId: tenant.id,
      integrationId: integration.id,
      trigger: 'schedule',
    });
    expect(second!.counts).toMatchObject({ created: 0, updated: 0, failed: 0, new: 0, changed: 0 });
    expect(second!.cursorBefore).toBe(first!.cursorAfter);

    const churn = w.plangrid.control.churn({ update: 100, create: 50, statusChange: 20, delete: 10 });
    const inProject = new Set(w.issues().map((issue) => String(issue.uid)));
    const touched = new Set(
      [...churn.created, ...churn.updated, ...churn.statusChanged, ...churn.deleted].filter((uid) =>
        inProject.has(uid),
      ),
    );
    const created = churn.created.filter((uid) => inProject.has(uid)).length;
    const third = await executeRun(w.engine, {
      tenantId: tenant.id,
      integrationId: integration.id,
      trigger: 'schedule',
    });
    expect(third).toMatchObject({ status: 'succeeded' });
    expect(third!.counts.created).toBe(created);
    expect(third!.counts.updated).toBe(touched.size - created);
    expectMirrored(w);

    const changedUid = churn.statusChanged.find((uid) => inProject.has(uid) && !churn.created.includes(uid))!;
    const record = await store.records.getBySourceId(tenant.id, integration.id, changedUid);
    const timeline = await store.recordEvents.timeline(tenant.id, record!.id);
    expect(timeline.filter((e) => e.kind === 'lifecycle').map((e) => e.to)).toEqual([
      'initiated',
      'pushed',
      'update-request',
      'updated',
    ]);
    expect(timeline.some((e) => e.kind === 'source-status')).toBe(true);
    expect(timeline.map((e) => e.runId)).toEqual(expect.arrayContaining([first!.id, third!.id]));
    for (const event of timeline) expect(Date.parse(event.at)).toBeGreaterThan(0);

    const runs = await store.runs.list(tenant.id, { integrationId: integration.id });
    expect(runs.items.map((r) => r.trigger)).toEqual(['schedule', 'schedule', 'manual']);
    const traces = first!.nodeTraces;
    expect(traces.map((t) => [t.nodeId, t.in, t.out])).toEqual([
      ['source', 0, w.issues().length - created],
      ['map', w.issues().length - created, w.issues().length - created],
      ['status', w.issues().length - created, w.issues().length - created],
      ['room', w.issues().length - created, w.issues().length - created],
      ['destination', w.issues().length - created, w.issues().length - created],
    ]);
    expect(traces.every((t) => t.samples.length > 0 && t.samples.length <= 5)).toBe(true);
  });

  it('converges to the same end state without duplicates under 429 and 503 storms on both sides', async () => {
    const w = await world({ plangrid: { records: 60 } });
    for (const sim of [w.plangrid, w.nuvolo]) {
      sim.control.addFault({ path: '*', fault: '429', probability: 0.3 });
      sim.control.addFault({ path: '*', fault: '503', probability: 0.1 });
    }
    const request = { tenantId: w.tenant.id, integrationId: w.integration.id, trigger: 'manual' as const };
    for (let attempt = 0; attempt < 5; attempt++) {
      const run = await executeRun({ ...w.engine, options: { retryBaseMs: 0 } }, request);
      if (run?.status === 'succeeded') break;
    }
    for (const sim of [w.plangrid, w.nuvolo]) sim.control.clearFaults();
    await executeRun({ ...w.engine, options: { retryBaseMs: 0 } }, request);
    expectMirrored(w);
  });

  it('records a failure with its HTTP status and retries the record on a later run', async () => {
    const w = await world({ plangrid: { records: 20 } });
    w.nuvolo.control.addFault({
      path: '/api/now/table/x_nuvo_eam_facilities_work_orders',
      method: 'POST',
      fault: '500',
      times: 1,
    });
    const request = { tenantId: w.tenant.id, integrationId: w.integration.id, trigger: 'manual' as const };
    const first = await executeRun({ ...w.engine, options: { retryBaseMs: 0, pushConcurrency: 1 } }, request);
    expect(first).toMatchObject({ status: 'partial', counts: { failed: 1 } });
    const exceptions = await w.store.exceptions.list(w.tenant.id, { integrationId: w.integration.id });
    expect(exceptions.items).toEqual([
      expect.objectContaining({
        phase: 'push',
        kind: 'api-5xx',
        httpStatus: 500,
        nodeId: 'destination',
        runId: first!.id,
      }),
    ]);
    const failed = await w.store.records.get(w.tenant.id, exceptions.items[0]!.recordId!);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });

    const second = await executeRun({ ...w.engine, options: { retryBaseMs: 0 } }, request);
    expect(second).toMatchObject({ status: 'succeeded', counts: { created: 1 } });
    expectMirrored(w);
  });

  it('does not duplicate a create whose answer was lost: the next attempt finds it by correlation', async () => {
    const w = await world({ plangrid: { records: 20 } });
    const path = '/api/now/table/x_nuvo_eam_facilities_work_orders';
    // One create is made but answered after the client gave up; another's connection is cut.
    w.nuvolo.control.addFault({ path, method: 'POST', fault: 'slow', delayMs: 800, times: 1 });
    w.nuvolo.control.addFault({ path, method: 'POST', fault: 'drop', times: 1 });
    const engine = {
      ...w.engine,
      connectorHttp: { ...w.engine.connectorHttp, timeoutMs: 300 },
      options: { retryBaseMs: 0, pushConcurrency: 1 },
    };
    const request = { tenantId: w.tenant.id, integrationId: w.integration.id, trigger: 'manual' as const };
    const first = await executeRun(engine, request);
    expect(first).toMatchObject({ status: 'partial', counts: { failed: 2 } });
    await new Promise((resolve) => setTimeout(resolve, 800));

    // The create that landed unheard is found by correlation: recovered, not created again.
    const second = await executeRun(engine, request);
    expect(second).toMatchObject({ status: 'succeeded', counts: { failed: 0, created: 1, recovered: 1 } });
    const events = await Promise.all(
      (await w.store.records.search(w.tenant.id, { integrationId: w.integration.id })).items.map((record) =>
        w.store.recordEvents.timeline(w.tenant.id, record.id),
      ),
    );
    expect(events.flat().filter((event) => event.detail?.recovered === true)).toHaveLength(1);
    expectMirrored(w);
  });

  it('creates again, with the create mapping, a work order deleted in Nuvolo once its issue changes', async () => {
    const w = await world({ plangrid: { records: 20 } });
    const request = { tenantId: w.tenant.id, integrationId: w.integration.id, trigger: 'manual' as const };
    await executeRun(w.engine, request);
    const [issue, untouched] = w.issues() as { uid: string; title: string }[];
    const order = w.workOrders().find((o) => o.correlation_id === issue!.uid)!;
    const nuvolo = { authorization: `Basic ${Buffer.from('admin:nuvolo-demo').toString('base64')}` };
    const deleted = await fetch(
      new URL(`api/now/table/${WORK_ORDERS}/${String(order.sys_id)}`, w.nuvolo.url),
      {
        method: 'DELETE',
        headers: nuvolo,
      },
    );
    expect(deleted.status).toBe(204);
    const edited = await fetch(new URL(`projects/${w.project}/issues/${issue!.uid}`, w.plangrid.url), {
      method: 'PATCH',
      headers: {
        authorization: `Basic ${Buffer.from('pg-demo-key:').toString('base64')}`,
        accept: 'application/vnd.plangrid+json; version=1',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ title: `${issue!.title} (moved)` }),
    });
    expect(edited.status).toBe(200);

    const run = await executeRun(w.engine, request);
    expect(run).toMatchObject({ status: 'succeeded', counts: { changed: 1, created: 1, updated: 0 } });
    // The create mapping's fields (description, u_source_system) are there: not the update mapping's only.
    expectMirrored(w);
    const recreated = w.workOrders().find((o) => o.correlation_id === issue!.uid)!;
    expect(recreated.sys_id).not.toBe(order.sys_id);
    const record = await w.store.records.getBySourceId(w.tenant.id, w.integration.id, issue!.uid);
    expect(record).toMatchObject({ status: 'pushed', destinationId: recreated.sys_id });
    expect(w.workOrders().filter((o) => o.correlation_id === untouched!.uid)).toHaveLength(1);
  });

  it('stops between batches when asked, with what was pushed stored, and the next run finishes', async () => {
    const w = await world({ plangrid: { records: 40 } });
    w.nuvolo.control.addFault({ method: 'POST', fault: 'slow', delayMs: 20 });
    const stop = new AbortController();
    const request = { tenantId: w.tenant.id, integrationId: w.integration.id, trigger: 'manual' as const };
    const engine = { ...w.engine, options: { batchSize: 5, pushConcurrency: 1 } };
    const stopping = setInterval(() => {
      if (w.workOrders().length > 0) stop.abort();
    }, 5);
    const stopped = await executeRun(engine, { ...request, stop: stop.signal });
    clearInterval(stopping);
    expect(stopped).toMatchObject({ status: 'failed', error: expect.stringContaining('stopped') });
    expect(stopped!.counts.created).toBe(w.workOrders().length);
    expect(stopped!.counts.created).toBeLessThan(w.issues().length);
    expect(stopped!.counts.failed).toBe(0);
    expect(stopped!.cursorAfter).not.toBeNull();

    const next = await executeRun(engine, request);
    expect(next).toMatchObject({ status: 'succeeded' });
    expectMirrored(w);
  });

  /**
   * A run of 8 issues in batches of 4, 2 writes at a time, whose work-order creates wait until the test
   * answers them; it notes each claim with the number of creates answered by then.
   */
  async function heldWrites(signals: { stop?: AbortSignal; signal?: AbortSignal } = {}) {
    const w = await world({ plangrid: { records: 16 } });
    expect(w.issues()).toHaveLength(8);
    const held: { title: string; answer: () => void }[] = [];
    const sent: string[] = [];
    const claims: number[] = [];
    let answered = 0;
    let mostInFlight = 0;
    const connectorFactory = intercept('nuvolo', 'create', async (real, ...args) => {
      const title = String(args[1].short_description);
      sent.push(title);
      await new Promise<void>((answer) => {
        held.push({ title, answer });
        mostInFlight = Math.max(mostInFlight, held.length);
      });
      answered += 1;
      return real.create(...args);
    });
    const claimForPush = w.store.records.claimForPush.bind(w.store.records);
    // How many writes had been answered when each batch was claimed (claims that found nothing aside).
    w.store.records.claimForPush = async (...args) => {
      const at = answered;
      const batch = await claimForPush(...args);
      if (batch.length > 0) claims.push(at);
      return batch;
    };
    const engine = { ...w.engine, connectorFactory, options: { batchSize: 4, pushConcurrency: 2 } };
    const request = { tenantId: w.tenant.id, integrationId: w.integration.id, trigger: 'manual' as const };
    const running = executeRun(engine, { ...request, ...signals });
    /** The creates waiting for an answer, once there are `count` of them. */
    const inFlight = async (count: number) => {
      await vi.waitFor(() => expect(held).toHaveLength(count), { timeout: 10_000 });
      return held.map(({ title }) => title);
    };
    const finish = async () => {
      const release = setInterval(() => held.splice(0).forEach((write) => write.answer()), 1);
      try {
        return await running;
      } finally {
        clearInterval(release);
      }
    };
    return {
      w,
      sent,
      claims,
      mostInFlight: () => mostInFlight,
      inFlight,
      answer(title: string) {
        held
          .splice(
            held.findIndex((write) => write.title === title),
            1,
          )[0]!
          .answer();
      },
      /** Answers every create from now on, and the run's end. */
      finish,
      /** Once two creates are out, `end` stops or aborts the run; answers how the run ended. */
      async endWithTwoOut(end: () => void) {
        try {
          await inFlight(2);
          end();
        } catch (error) {
          await finish().catch(() => undefined);
          throw error;
        }
        return finish();
      },
      /** The next run of the integration, undisturbed. */
      nextRun: () => executeRun(w.engine, request),
    };
  }

  it('keeps the destination busy across batches: the next batch writes while the last one finishes', async () => {
    const run = await heldWrites();
    try {
      const [first, second] = await run.inFlight(2);
      run.answer(first!);
      run.answer(second!);
      const lastOfBatch = await run.inFlight(2);
      const firstBatch = run.sent.slice(0, 4);
      expect(firstBatch).toEqual(expect.arrayContaining(lastOfBatch));
      run.answer(lastOfBatch[0]!);
      // One write of the first batch is still out, and a write of the second batch goes out beside it.
      const beside = await run.inFlight(2);
      expect(beside).toContain(lastOfBatch[1]);
      expect(firstBatch).not.toContain(beside.find((title) => title !== lastOfBatch[1]));
    } finally {
      // Whatever happened above, the run is let finish, so that the world closes.
      await run.finish().catch(() => undefined);
    }
    expect(await run.finish()).toMatchObject({ status: 'succeeded', counts: { created: 8 } });
    expect(run.sent).toHaveLength(8);
    // The second batch was claimed once the first one's last write went out (2 answered), not before; two
    // batches at once never send more than the run's push concurrency.
    expect(run.claims.slice(0, 2)).toEqual([0, 2]);
    expect(run.mostInFlight()).toBe(2);
    expectMirrored(run.w);
  });

  it('claims nothing more once stopped: the writes in hand finish and the next run does the rest', async () => {
    const stop = new AbortController();
    const run = await heldWrites({ stop: stop.signal });
    const stopped = await run.endWithTwoOut(() => stop.abort());
    expect(stopped).toMatchObject({ status: 'failed', error: expect.stringContaining('stopped') });
    expect(run.claims).toEqual([0]);
    expect(stopped!.counts).toMatchObject({ created: 4, failed: 0 });
    expect(await run.nextRun()).toMatchObject({ status: 'succeeded', counts: { created: 4 } });
    expectMirrored(run.w);
  });

  it('leaves the writes an aborted run never sent, and their records, as they were', async () => {
    const abort = new AbortController();
    const run = await heldWrites({ signal: abort.signal });
    const aborted = await run.endWithTwoOut(() => abort.abort('the executor shut down'));
    expect(aborted).toMatchObject({ status: 'failed' });
    // The two writes out when it was aborted were cut short and the two queued never went: none failed.
    expect(aborted!.counts).toMatchObject({ created: 0, failed: 0 });
    expect(run.sent).toHaveLength(2);
    // The destination's trace says so: it dealt with none of them.
    expect(aborted!.nodeTraces.find((t) => t.nodeId === 'destination')).toMatchObject({ in: 0, out: 0 });
    expect(await run.nextRun()).toMatchObject({ status: 'succeeded', counts: { created: 8, failed: 0 } });
    expectMirrored(run.w);
  });

  // On the MongoDB adapter too (over mingo): its page store and claims await between their reads and writes.
  it.each(['sqlite', 'mongodb-standin'] as const)(
    'pushes while it pulls, and updates in the same run a record edited while its create was out (%s)',
    async (store) => {
      const w = await world({ plangrid: { records: 600 }, store });
      const events: string[] = [];
      /** The issue a person edits in PlanGrid while its create is out, once the first create is sent. */
      let edited: string | null = null;
      let firstSent = () => {};
      const sentOne = new Promise<void>((resolve) => (firstSent = resolve));
      let editPulled = () => {};
      const pulledEdit = new Promise<void>((resolve) => (editPulled = resolve));
      const connectorFactory = intercept(
        'plangrid',
        'list',
        async function* (real, ...args) {
          let pages = 0;
          for await (const page of real.list(...args)) {
            // The second page is read only once a write has gone out: a run that pulled everything before it
            // pushed would never get here.
            if ((pages += 1) > 1) await within(sentOne, 'no write went out while the source was read');
            if (page.records.some((issue) => issue.uid === edited)) editPulled();
            yield page;
          }
        },
        intercept('nuvolo', 'create', async (real, ...args) => {
          if (edited !== null) return real.create(...args);
          edited = String(args[1].correlation_id);
          const renamed = w.plangrid.control.editRecord(
            { object: 'issues', id: edited, fields: { title: 'Renamed while sent' } },
            w.plangrid.url,
          );
          expect(renamed.ok).toBe(true);
          firstSent();
          // Answered only once the pull has read the edited version.
          await within(pulledEdit, 'the edited issue was never pulled');
          const created = await real.create(...args);
          events.push('create answered');
          return created;
        }),
      );
      const upsertPulled = w.store.records.upsertPulled.bind(w.store.records);
      w.store.records.upsertPulled = (...args) => {
        if (args[2].some((record) => record.sourceId === edited)) events.push('edit stored');
        return upsertPulled(...args);
      };
      const engine = {
        ...w.engine,
        connectorFactory,
        options: { batchSize: 20, storeBatchSize: 50, pushConcurrency: 2 },
      };
      const run = await executeRun(engine, {
        tenantId: w.tenant.id,
        integrationId: w.integration.id,
        trigger: 'manual',
      });
      const issues = w.issues().length;
      expect(run).toMatchObject({ status: 'succeeded', counts: { created: issues, updated: 1, failed: 0 } });
      // The page bringing the edit waited for the create's outcome to be stored, so the edit was not lost.
      expect(events).toEqual(['create answered', 'edit stored']);
      expectMirrored(w);
      const record = await w.store.records.getBySourceId(w.tenant.id, w.integration.id, edited!);
      const timeline = await w.store.recordEvents.timeline(w.tenant.id, record!.id);
      expect(timeline.filter((e) => e.kind === 'lifecycle').map((e) => e.to)).toEqual([
        'initiated',
        'pushed',
        'update-request',
        'updated',
      ]);
    },
  );

  it('tries a failed record once per run, even when its retry falls due while the run goes on', async () => {
    const w = await world({ plangrid: { records: 16 } });
    let refused: string | null = null;
    const connectorFactory = intercept('nuvolo', 'create', async (real, ...args) => {
      if (refused !== null) return real.create(...args);
      refused = String(args[1].correlation_id);
      throw new Error('socket hang up');
    });
    // Due again at once: only the run's own pass over the records keeps it from a second try.
    const engine = { ...w.engine, connectorFactory, options: { batchSize: 2, retryBaseMs: 0 } };
    const request = { tenantId: w.tenant.id, integrationId: w.integration.id, trigger: 'manual' } as const;
    const issues = w.issues().length;
    const run = await executeRun(engine, request);
    expect(run).toMatchObject({ status: 'partial', counts: { created: issues - 1, failed: 1 } });
    const record = await w.store.records.getBySourceId(w.tenant.id, w.integration.id, refused!);
    expect(record).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await executeRun(engine, request)).toMatchObject({
      status: 'succeeded',
      counts: { created: 1, failed: 0 },
    });
    expectMirrored(w);
  });

  it('ends the run with the failure of its push as its error, and the next run finishes', async () => {
    const w = await world({ plangrid: { records: 600 } });
    const markPushedMany = w.store.records.markPushedMany.bind(w.store.records);
    let broken = true;
    w.store.records.markPushedMany = async (...args) => {
      if (broken) throw new Error('database or disk is full');
      return markPushedMany(...args);
    };
    const engine = { ...w.engine, options: { batchSize: 20, storeBatchSize: 50 } };
    const request = { tenantId: w.tenant.id, integrationId: w.integration.id, trigger: 'manual' } as const;
    const failed = await executeRun(engine, request);
    expect(failed).toMatchObject({ status: 'failed', error: 'database or disk is full' });
    broken = false;
    expect(await executeRun(engine, request)).toMatchObject({ status: 'succeeded', counts: { failed: 0 } });
    expectMirrored(w);
  });

  it('stores pulled pages together after the first, and keeps the pages pulled before the source failed', async () => {
    const w = await world({ plangrid: { records: 600 } });
    const request = { tenantId: w.tenant.id, integrationId: w.integration.id, trigger: 'manual' } as const;
    const stored: number[] = [];
    const upsertPulled = w.store.records.upsertPulled.bind(w.store.records);
    w.store.records.upsertPulled = async (...args) => {
      stored.push(args[2].length);
      return upsertPulled(...args);
    };
    // Three pages of 50 answer, then PlanGrid fails every request.
    w.plangrid.control.addFault({ method: 'GET', fault: 'slow', delayMs: 0, times: 3 });
    w.plangrid.control.addFault({ method: 'GET', fault: '500' });
    const failed = await executeRun({ ...w.engine, options: { storeBatchSize: 200 } }, request);
    // Pages re-anchor on the update time, so three pages hold a few less than 150 distinct issues.
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed!.counts.pulled).toBeGreaterThan(100);
    expect(failed!.counts.new).toBe(failed!.counts.pulled);
    // The first page alone (the push beside the pull waits for it), the two after it together.
    expect(stored).toHaveLength(2);
    expect(stored[0]).toBeLessThanOrEqual(50);
    expect(stored[0]! + stored[1]!).toBe(failed!.counts.pulled);
    expect((await w.store.integrations.get(w.tenant.id, w.integration.id))!.cursor).not.toBeNull();

    w.plangrid.control.clearFaults();
    stored.length = 0;
    const finished = await executeRun({ ...w.engine, options: { storeBatchSize: 120 } }, request);
    expect(finished).toMatchObject({ status: 'succeeded' });
    const total = w.issues().length;
    expect(stored[0]).toBeLessThanOrEqual(50);
    expect(stored.slice(1, -1).every((size) => size >= 120)).toBe(true);
    expect(stored.reduce((sum, size) => sum + size, 0)).toBe(finished!.counts.pulled);
    expect(await w.store.records.countByStatus(w.tenant.id, w.integration.id)).toMatchObject({
      pushed: total,
    });
    expectMirrored(w);
  });

  it('closes a run left running by an executor that died, and carries on', async () => {
    const w = await world({ plangrid: { records: 10 } });
    const request = { tenantId: w.tenant.id, integrationId: w.integration.id };
    const abandoned = await w.store.runs.start(w.tenant.id, {
      integrationId: w.integration.id,
      planVersion: 1,
      trigger: 'schedule',
      cursorBefore: null,
    });
    // It had stored the outcomes of two creates when it died, but not yet its progress after them.
    const pulled = w.issues().map((issue) => ({
      sourceId: String(issue.uid),
      sourceHash: `hash-${String(issue.uid)}`,
      sourceData: issue,
      sourceStatus: String(issue.status),
    }));
    await w.store.records.upsertPulled(w.tenant.id, w.integration.id, pulled, abandoned.id);
    const [first, second] = await w.store.records.claimForPush(w.tenant.id, w.integration.id, {
      limit: 2,
      now: new Date(),
      maxAttempts: 5,
    });
    await w.store.records.markPushedMany(
      w.tenant.id,
      [first!, second!].map((record) => ({
        recordId: record.id,
        runId: abandoned.id,
        destinationId: `lost-${record.id}`,
        operation: 'created' as const,
      })),
    );
    const run = await executeRun(w.engine, { ...request, trigger: 'manual' });
    expect(run).toMatchObject({ status: 'succeeded' });
    expect(await w.store.runs.get(w.tenant.id, abandoned.id)).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('stopped before it finished'),
      counts: { created: 2 },
    });
  });

  it('does not run a scheduled tick of a paused integration, but closes a run it left abandoned', async () => {
    const w = await world({ plangrid: { records: 10 } });
    const abandoned = await w.store.runs.start(w.tenant.id, {
      integrationId: w.integration.id,
      planVersion: 1,
      trigger: 'schedule',
      cursorBefore: null,
    });
    await w.store.integrations.update(w.tenant.id, w.integration.id, { status: 'paused' });
    expect(
      await executeRun(w.engine, {
        tenantId: w.tenant.id,
        integrationId: w.integration.id,
        trigger: 'schedule',
      }),
    ).toBeNull();
    expect(await w.store.runs.get(w.tenant.id, abandoned.id)).toMatchObject({ status: 'failed' });
  });
});
