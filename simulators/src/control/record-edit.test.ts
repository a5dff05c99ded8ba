import { afterEach, describe, expect, it } from 'vitest';
import { startMaximo } from '../maximo/server.js';
import { startNuvolo } from '../nuvolo/server.js';
import { startPlanGrid } from '../plangrid/server.js';
import { json, nuvoloHeaders, plangridHeaders, sendJson } from '../test-support.js';

type Result = Record<string, any>;
const WO = 'x_nuvo_eam_facilities_work_orders';

const running: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

const edit = (url: string, body: unknown) => fetch(`${url}/__sim/records/edit`, sendJson('POST', body));

async function nuvolo() {
  const sim = await startNuvolo({ records: 20 });
  running.push(sim);
  const get = async (path: string) =>
    (await json<{ result: Result }>(fetch(sim.url + path, { headers: nuvoloHeaders }))).result;
  const openOrder = async () =>
    (await get(`/api/now/table/${WO}?sysparm_query=state=2&sysparm_limit=1`))[0] as Result;
  return { ...sim, get, openOrder };
}

async function plangrid() {
  const sim = await startPlanGrid({ records: 20, rateLimit: false });
  running.push(sim);
  const issues = `/projects/${sim.control.projects()[0]!.uid}/issues`;
  const get = (path: string) => json<Result>(fetch(sim.url + path, { headers: plangridHeaders }));
  const openIssue = async () =>
    ((await get(issues)).data as Result[]).find((issue) => issue.status !== 'closed')!;
  return { ...sim, issues, get, openIssue };
}

describe('a technician edits a Nuvolo record through the control plane', () => {
  it('completes a work order as the UI would: state, close notes, who and when, one more update', async () => {
    const sim = await nuvolo();
    const order = await sim.openOrder();
    sim.control.advanceClock(60_000);
    const response = await edit(sim.url, {
      object: WO,
      id: order.sys_id,
      fields: { state: '5', close_notes: 'Replaced the washer; no leak after an hour' },
      by: 'emma.rossi',
    });
    expect(response.status).toBe(200);
    const edited = await json(response);
    expect(edited).toMatchObject({
      sys_id: order.sys_id,
      state: '5',
      close_notes: 'Replaced the washer; no leak after an hour',
      sys_updated_by: 'emma.rossi',
      sys_mod_count: String(Number(order.sys_mod_count) + 1),
    });
    expect(edited.sys_updated_on > order.sys_updated_on).toBe(true);
    // The answer is the record as the Table API serializes it.
    expect(await sim.get(`/api/now/table/${WO}/${order.sys_id}`)).toEqual(edited);
  });

  it('is stamped with the assignee, not the API user, when nobody is named', async () => {
    const sim = await nuvolo();
    const order = (
      await sim.get(
        `/api/now/table/${WO}?sysparm_query=assigned_toISNOTEMPTY&sysparm_limit=1&sysparm_fields=sys_id,assigned_to.user_name`,
      )
    )[0] as Result;
    const edited = await json(edit(sim.url, { object: WO, id: order.sys_id, fields: { priority: '1' } }));
    expect(edited.sys_updated_by).toBe(order['assigned_to.user_name']);
    expect(edited.sys_updated_by).not.toBe('admin');
  });

  it('refuses unknown records, tables, fields and values with a message that says which', async () => {
    const sim = await nuvolo();
    const order = await sim.openOrder();
    const refusal = async (body: unknown) => {
      const response = await edit(sim.url, body);
      return { status: response.status, error: (await json(response)).error };
    };
    expect(await refusal({ object: WO, id: 'nope', fields: { state: '5' } })).toMatchObject({
      status: 404,
      error: { code: 'not_found', message: expect.stringContaining('nope') },
    });
    expect(await refusal({ object: 'u_nothing', id: order.sys_id, fields: { state: '5' } })).toMatchObject({
      status: 400,
      error: { message: expect.stringContaining('u_nothing') },
    });
    expect(await refusal({ object: WO, id: order.sys_id, fields: { resolution: 'x' } })).toMatchObject({
      status: 400,
      error: { code: 'invalid_edit', message: expect.stringContaining('resolution') },
    });
    expect(await refusal({ object: WO, id: order.sys_id, fields: { state: '9' } })).toMatchObject({
      status: 400,
      error: { message: expect.stringContaining("Invalid state value '9'") },
    });
    expect(await refusal({ object: WO, id: order.sys_id, fields: { sys_updated_by: 'x' } })).toMatchObject({
      status: 400,
      error: { message: expect.stringContaining('read-only') },
    });
    expect(
      await refusal({ object: WO, id: order.sys_id, fields: { close_notes: 'x'.repeat(4001) } }),
    ).toMatchObject({ status: 400, error: { message: expect.stringContaining('4000') } });
    expect(
      await refusal({ object: WO, id: order.sys_id, fields: { state: '5' }, by: 'nobody' }),
    ).toMatchObject({ status: 400, error: { message: expect.stringContaining('nobody') } });
    expect(await refusal({ object: WO, id: order.sys_id, fields: {} })).toMatchObject({
      status: 400,
      error: { code: 'invalid_body' },
    });
    expect(await sim.get(`/api/now/table/${WO}/${order.sys_id}`)).toEqual(order);
  });
});

describe('a team member edits a PlanGrid issue through the control plane', () => {
  it('updates the issue as PlanGrid would: updated_at, updated_by, closed_at', async () => {
    const sim = await plangrid();
    const issue = await sim.openIssue();
    const member = sim.control.users()[4]!;
    const response = await edit(sim.url, {
      object: 'issues',
      id: issue.uid,
      fields: { status: 'closed', description: 'Checked on site' },
      by: member.email,
    });
    expect(response.status).toBe(200);
    const edited = await json(response);
    expect(edited).toMatchObject({
      uid: issue.uid,
      status: 'closed',
      description: 'Checked on site',
      closed_at: edited.updated_at,
      updated_by: { uid: member.uid, email: member.email },
    });
    expect(edited.updated_at > issue.updated_at).toBe(true);
    // The answer is the issue as the API serializes it, absolute links included.
    expect(await sim.get(`${sim.issues}/${issue.uid}`)).toEqual(edited);
    const changed = await sim.get(`${sim.issues}?updated_after=${encodeURIComponent(issue.updated_at)}`);
    expect((changed.data as Result[]).map((i) => i.uid)).toContain(issue.uid);
  });

  it('is made by a team member, not the API user, when nobody is named', async () => {
    const sim = await plangrid();
    const issue = await sim.openIssue();
    const edited = await json(
      edit(sim.url, { object: 'issues', id: issue.uid, fields: { title: 'Renamed' } }),
    );
    const me = await sim.get('/me');
    expect(edited.updated_by.uid).not.toBe(me.uid);
    expect(sim.control.users().map((user) => user.uid)).toContain(edited.updated_by.uid);
  });

  it('validates as the issue update does, and answers 404 for an unknown issue', async () => {
    const sim = await plangrid();
    const issue = await sim.openIssue();
    const refusal = async (body: unknown) => {
      const response = await edit(sim.url, body);
      return { status: response.status, error: (await json(response)).error };
    };
    expect(await refusal({ object: 'issues', id: issue.uid, fields: { status: 'done' } })).toMatchObject({
      status: 400,
      error: { code: 'invalid_edit', message: expect.stringContaining('"status"') },
    });
    expect(
      await refusal({ object: 'issues', id: issue.uid, fields: { close_notes: 'Replaced the part' } }),
    ).toMatchObject({
      status: 400,
      error: { message: expect.stringContaining('Unexpected field: close_notes') },
    });
    expect(
      await refusal({
        object: 'issues',
        id: issue.uid,
        fields: { status: 'closed' },
        by: 'stranger@example.com',
      }),
    ).toMatchObject({ status: 400, error: { message: expect.stringContaining('stranger@example.com') } });
    expect(await refusal({ object: 'rfis', id: issue.uid, fields: { title: 'x' } })).toMatchObject({
      status: 400,
    });
    expect(await refusal({ object: 'issues', id: 'nope', fields: { status: 'closed' } })).toMatchObject({
      status: 404,
      error: { code: 'not_found' },
    });
    expect(await sim.get(`${sim.issues}/${issue.uid}`)).toEqual(issue);
  });
});

describe('record edits are not API calls', () => {
  it('leaves the request log of either simulator untouched', async () => {
    const nv = await nuvolo();
    const pg = await plangrid();
    const order = await nv.openOrder();
    const issue = await pg.openIssue();
    nv.control.clearRequests();
    pg.control.clearRequests();
    expect((await edit(nv.url, { object: WO, id: order.sys_id, fields: { state: '5' } })).status).toBe(200);
    expect(
      (await edit(pg.url, { object: 'issues', id: issue.uid, fields: { status: 'closed' } })).status,
    ).toBe(200);
    expect(nv.control.requests()).toEqual([]);
    expect(pg.control.requests()).toEqual([]);
  });

  it('are refused by a simulator that has none', async () => {
    const sim = await startMaximo({ records: 3 });
    running.push(sim);
    const response = await edit(sim.url, { object: 'mxapiwodetail', id: 'x', fields: { status: 'COMP' } });
    expect(response.status).toBe(404);
    expect((await json(response)).error.message).toContain('maximo');
  });

  it('are offered in process too, answering the record with links to the given origin', async () => {
    const sim = await plangrid();
    const issue = await sim.openIssue();
    const result = sim.control.editRecord(
      { object: 'issues', id: issue.uid, fields: { status: 'in_review' } },
      sim.url,
    );
    expect(result).toMatchObject({
      ok: true,
      record: { status: 'in_review', photos: { url: issue.photos.url } },
    });
  });
});
