import { afterEach, describe, expect, it } from 'vitest';
import { startMaximo } from '../maximo/server.js';
import { startNuvolo } from '../nuvolo/server.js';
import { startPlanGrid } from '../plangrid/server.js';
import { createRng } from '../shared/prng.js';
import { json, plangridHeaders, sendJson } from '../test-support.js';
import type { ChurnTarget } from './churn.js';
import { createChurn, steadyChurnSchema } from './churn.js';

const WO = 'x_nuvo_eam_facilities_work_orders';
const TECHNICIAN_TITLES = ['Maintenance Technician', 'Electrician', 'HVAC Technician', 'Plumber'];

const running: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

const churn = (url: string, body: unknown) => json(fetch(`${url}/__sim/churn`, sendJson('POST', body)));

describe('churn: technicians complete work', () => {
  it('Nuvolo: open work orders become Closed Complete with a close note, by a technician', async () => {
    const sim = await startNuvolo({ records: 30 });
    running.push(sim);
    const before = new Map(sim.control.rows(WO).map((row) => [row.sys_id, row]));
    const result = await churn(sim.url, { complete: 4 });
    expect(result).toMatchObject({ created: [], updated: [], statusChanged: [], deleted: [] });
    expect(result.completed).toHaveLength(4);
    const users = sim.control.rows('sys_user');
    for (const sysId of result.completed as string[]) {
      const row = sim.control.rows(WO).find((r) => r.sys_id === sysId)!;
      expect(['2', '3', '4']).toContain(before.get(sysId)!.state);
      expect(row.state).toBe('5');
      expect(row.close_notes).toMatch(/^[A-Z][\w ,;]+ \([0-9a-f]{4}\)$/);
      expect(Number(row.sys_mod_count)).toBe(Number(before.get(sysId)!.sys_mod_count) + 1);
      const technician = users.find((user) => user.user_name === row.sys_updated_by);
      expect(TECHNICIAN_TITLES).toContain(technician?.title);
    }
  });

  it('Nuvolo: completes with the list’s own completion state and stops when nothing is open', async () => {
    const sim = await startNuvolo({ records: 0 });
    running.push(sim);
    sim.control.setChoices(WO, 'state', [
      { value: '10', label: 'New' },
      { value: '20', label: 'Complete' },
    ]);
    const order = sim.control.insert(WO, { short_description: 'Leaking tap', state: '10' });
    expect((await churn(sim.url, { complete: 3 })).completed).toEqual([order.sys_id]);
    expect(sim.control.rows(WO)[0]).toMatchObject({ state: '20' });
  });

  it('PlanGrid: open issues are closed by a team member', async () => {
    const sim = await startPlanGrid({ records: 20, rateLimit: false });
    running.push(sim);
    const result = await churn(sim.url, { complete: 3 });
    expect(result.completed).toHaveLength(3);
    const team = new Set(sim.control.users().map((user) => user.uid));
    for (const project of sim.control.projects()) {
      const { data } = await json(
        fetch(`${sim.url}/projects/${project.uid}/issues`, { headers: plangridHeaders }),
      );
      for (const issue of data as Array<Record<string, any>>) {
        if (!(result.completed as string[]).includes(issue.uid)) continue;
        expect(issue).toMatchObject({ status: 'closed', closed_at: issue.updated_at });
        expect(team.has(issue.updated_by.uid)).toBe(true);
      }
    }
  });

  it('Maximo: unfinished work orders become COMP', async () => {
    const sim = await startMaximo({ records: 20 });
    running.push(sim);
    const before = new Map(sim.control.rows('mxapiwodetail').map((row) => [row.__restid, row]));
    const result = await churn(sim.url, { complete: 3 });
    expect(result.completed).toHaveLength(3);
    for (const restId of result.completed as string[]) {
      expect(['COMP', 'CLOSE', 'CAN']).not.toContain(before.get(restId)!.status);
      expect(sim.control.rows('mxapiwodetail').find((row) => row.__restid === restId)).toMatchObject({
        status: 'COMP',
        status_description: 'Completed',
      });
    }
  });

  it('is a kind of its own: asked for by count, weight 0 in the default steady mix', () => {
    const calls: string[] = [];
    const target: ChurnTarget = {
      create: () => (calls.push('create'), 'c'),
      update: () => (calls.push('update'), 'u'),
      changeStatus: () => (calls.push('statusChange'), 's'),
      remove: () => (calls.push('delete'), 'd'),
      complete: () => (calls.push('complete'), undefined),
    };
    const engine = createChurn(() => target, createRng(1));
    expect(engine.apply({ update: 1, complete: 2 })).toMatchObject({ updated: ['u'], completed: [] });
    expect(calls).toEqual(['update', 'complete', 'complete']);
    expect(steadyChurnSchema.parse({ perSecond: 1 }).mix).toMatchObject({ complete: 0 });
    expect(steadyChurnSchema.parse({ perSecond: 1, mix: { complete: 3 } }).mix).toMatchObject({
      create: 1,
      complete: 3,
    });
  });
});
