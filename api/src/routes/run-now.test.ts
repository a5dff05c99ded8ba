import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startNuvolo,
  startPlanGrid,
  type NuvoloControl,
  type PlanGridControl,
  type RunningSimulator,
} from '@isync/simulators';
import { apiWorld, type ApiClient, type ApiWorld } from '../testing/api-world.js';
import { connectSimulators } from '../testing/simulator-connections.js';

/*
 * Run now and cancel (issue 18): a run asked for exists at once and the answer names it; asked during a
 * run, it says it follows that run; a run can be canceled, queued or going.
 */

const ISSUES_TEMPLATE = 'plangrid-issues-to-nuvolo-work-orders';
/** Over two projects: 500 issues a run, more than two batches of 200. */
const ISSUES = 1000;

const until = async (check: () => Promise<boolean>, what: string, timeoutMs = 60_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('run now and cancel', () => {
  let world: ApiWorld;
  let plangrid: RunningSimulator<PlanGridControl>;
  let nuvolo: RunningSimulator<NuvoloControl>;
  let editor: ApiClient;
  let operator: ApiClient;
  let integrationId: string;

  beforeEach(async () => {
    world = await apiWorld();
    plangrid = await startPlanGrid({ records: ISSUES, rateLimit: false });
    nuvolo = await startNuvolo({ records: 0, rateLimit: false });
    editor = await world.as(world.acme.users.editor);
    operator = await world.as(world.acme.users['tenant-admin']);
    const { source, destination } = await connectSimulators(editor, plangrid, nuvolo);
    const created = await editor.post('/api/integrations/from-template', {
      templateId: ISSUES_TEMPLATE,
      title: 'HQ defects',
      sourceConnectionId: source.id,
      destinationConnectionId: destination.id,
      project: plangrid.control.projects()[0]!.uid,
    });
    expect(created.status, created.text).toBe(201);
    integrationId = created.json.id;
    // Every write to Nuvolo takes a while: a run lasts long enough to be asked about and canceled (a batch of
    // 200 takes 2.5 s to send 8 at a time; a cancel lands before the batch after the one in hand begins).
    nuvolo.control.addFault({ path: '*work_orders*', method: 'POST', fault: 'slow', delayMs: 100 });
  });
  afterEach(async () => {
    await world.close();
    await Promise.all([plangrid.close(), nuvolo.close()]);
  });

  const run = async (id: string) => (await editor.get(`/api/runs/${id}`)).json;

  it('answers the queued run with its Location, says a second ask follows the run going, and cancels', async () => {
    expect((await operator.post(`/api/integrations/${integrationId}/run`)).json.error.code).toBe(
      'not_activated',
    );
    await operator.post(`/api/integrations/${integrationId}/pause`);
    const published = await editor.post(`/api/integrations/${integrationId}/publish`);
    expect(published.status, published.text).toBe(200);

    const first = await operator.post(`/api/integrations/${integrationId}/run`);
    expect(first.status, first.text).toBe(202);
    expect(first.json).toMatchObject({ created: true, queuedBehind: null, run: { trigger: 'manual' } });
    expect(first.headers.get('location')).toBe(`/api/runs/${first.json.run.id}`);
    const firstId: string = first.json.run.id;
    await until(async () => (await run(firstId)).status === 'running', 'the first run started');

    const second = await operator.post(`/api/integrations/${integrationId}/run`);
    expect(second.status).toBe(202);
    expect(second.json).toMatchObject({
      created: true,
      queuedBehind: firstId,
      run: { status: 'queued' },
      message: expect.stringContaining('when the run going now ends'),
    });
    const secondId: string = second.json.run.id;
    expect(secondId).not.toBe(firstId);
    // Asking again piles nothing up: the queued run is the answer.
    const third = await operator.post(`/api/integrations/${integrationId}/run`);
    expect(third.json).toMatchObject({ created: false, queuedBehind: firstId, run: { id: secondId } });
    expect((await editor.get(`/api/runs?integrationId=${integrationId}&status=queued`)).json.total).toBe(1);

    // A viewer may not cancel; another tenant does not see the run.
    const viewer = await world.as(world.acme.users.viewer);
    expect((await viewer.post(`/api/runs/${firstId}/cancel`)).status).toBe(403);
    const stranger = await world.as(world.globex.users['tenant-admin']);
    expect((await stranger.post(`/api/runs/${firstId}/cancel`)).status).toBe(404);

    // The running run stops at its next batch, keeping what it did (its first batch is stored by then).
    await until(async () => (await run(firstId)).counts.created > 0, 'the first batch was stored');
    const canceling = await operator.post(`/api/runs/${firstId}/cancel`);
    expect(canceling.status, canceling.text).toBe(200);
    expect(canceling.json.outcome).toBe('stopping');
    await until(async () => (await run(firstId)).status !== 'running', 'the first run ended');
    const canceled = await run(firstId);
    expect(canceled).toMatchObject({ status: 'canceled', error: expect.stringContaining('Canceled by') });
    const issues: number = canceled.counts.pulled;
    expect(issues).toBe(ISSUES / 2);
    expect(canceled.counts.created).toBeGreaterThan(0);
    expect(canceled.counts.created).toBeLessThan(issues);
    expect(canceled.counts.created).toBe(
      nuvolo.control.requests().filter((r: { method: string }) => r.method === 'POST').length,
    );

    // The queued run then starts as itself and carries on from what the canceled one stored.
    await until(async () => !['queued', 'running'].includes((await run(secondId)).status), 'the queue ran');
    const followed = await run(secondId);
    expect(followed.status).toBe('succeeded');
    expect(canceled.counts.created + followed.counts.created).toBe(issues);
    expect(nuvolo.control.rows('x_nuvo_eam_facilities_work_orders')).toHaveLength(issues);

    // A finished run cannot be canceled; an unknown one is not found.
    expect((await operator.post(`/api/runs/${firstId}/cancel`)).json.error.code).toBe('run_finished');
    expect((await operator.post(`/api/runs/01a00000-0000-7000-8000-000000000000/cancel`)).status).toBe(404);
    const audit = (await operator.get('/api/audit?action=run.canceled')).json.items;
    expect(audit).toHaveLength(1);
  });

  it('cancels a queued run before it starts: it never runs', async () => {
    await operator.post(`/api/integrations/${integrationId}/pause`);
    await editor.post(`/api/integrations/${integrationId}/publish`);
    const first = await operator.post(`/api/integrations/${integrationId}/run`);
    await until(async () => (await run(first.json.run.id)).status === 'running', 'the first run started');
    const queued = await operator.post(`/api/integrations/${integrationId}/run`);
    const canceled = await operator.post(`/api/runs/${queued.json.run.id}/cancel`);
    expect(canceled.json).toMatchObject({ outcome: 'canceled', run: { status: 'canceled' } });
    await until(async () => (await run(first.json.run.id)).status !== 'running', 'the first run ended');
    await world.scheduler.idle();
    const after = await run(queued.json.run.id);
    expect(after).toMatchObject({ status: 'canceled', error: expect.stringContaining('before it started') });
    expect(after.counts.pulled).toBe(0);
    expect((await editor.get(`/api/runs?integrationId=${integrationId}`)).json.total).toBe(2);
  });
});
