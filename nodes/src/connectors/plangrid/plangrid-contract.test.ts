import { startPlanGrid } from '@isync/simulators';
import type { PlanGridControl } from '@isync/simulators';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorInput } from '../connector.js';
import type { ConnectorMaker, ContractSystem } from '../contract/connector-contract.js';
import { connectorContract } from '../contract/connector-contract.js';
import planGridDefinition from '../rest/definitions/plangrid.json' with { type: 'json' };
import { parseRestDefinition } from '../rest/definition.js';
import { restConnector } from '../rest/rest.js';
import { connectionTo, FAST_HTTP, walkAll } from '../test-support.js';
import { createPlanGridConnector } from './plangrid.js';

/* PlanGrid's contract, kept by the hand-written connector and by the REST engine running plangrid.json alike. */

const MEDIA_TYPE = 'application/vnd.plangrid+json; version=1';
const API_KEY = 'pg-demo-key';

/** A project's issues as they stand, read straight from the simulator. */
async function issuesOf(url: string, project: string): Promise<Record<string, unknown>[]> {
  const issues: Record<string, unknown>[] = [];
  const headers = {
    accept: MEDIA_TYPE,
    authorization: `Basic ${Buffer.from(`${API_KEY}:`).toString('base64')}`,
  };
  for (let next: string | null = `${url}/projects/${project}/issues`; next;) {
    const page = (await (await fetch(next, { headers })).json()) as {
      data: Record<string, unknown>[];
      next_page_url: string | null;
    };
    issues.push(...page.data);
    next = page.next_page_url;
  }
  return issues;
}

const planGrid: ContractSystem<PlanGridControl> = {
  async start(records) {
    const sim = await startPlanGrid({ records, rateLimit: false });
    const project = sim.control.projects()[0]!.uid;
    return {
      control: sim.control,
      url: sim.url,
      object: 'issues',
      idField: 'uid',
      // Every change gets its own microsecond.
      versionField: 'updated_at',
      options: { project },
      rows: () => issuesOf(sim.url, project),
      churnMix: { create: 1, update: 2, statusChange: 1, delete: 1 },
      objectPath: `/projects/${project}/issues`,
      close: () => sim.close(),
    };
  },
};

const input = (baseUrl: string, options: Record<string, unknown>, http: ConnectorInput['http']) => ({
  credentials: { apiKey: API_KEY },
  ...(http && { http }),
  connection: connectionTo('plangrid', baseUrl, 'api-key', options),
});

const handWritten: ConnectorMaker<PlanGridControl> = (sim, http) =>
  createPlanGridConnector(input(sim.url, sim.options, http));
const byDefinition: ConnectorMaker<PlanGridControl> = (sim, http) =>
  restConnector(
    { ...input(sim.url, sim.options, http), connection: connectionTo('rest', sim.url, 'basic', sim.options) },
    parseRestDefinition('PlanGrid (definition)', planGridDefinition),
  );

connectorContract('the PlanGrid connector', planGrid, handWritten);
connectorContract('the REST engine running plangrid.json', planGrid, byDefinition);

describe('plangrid.json says what the PlanGrid connector says', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });

  it('the same record shape, objects, fields and statuses, RFI statuses read from the project', async () => {
    const sim = await planGrid.start(20);
    cleanups.push(() => sim.close());
    sim.control.setRfiStatuses(String(sim.options.project), [
      { label: 'Draft', color: '#999' },
      { label: 'Answered', color: '#0a0' },
    ]);
    const [written, defined] = [handWritten(sim, FAST_HTTP), byDefinition(sim, FAST_HTTP)];
    cleanups.push(
      () => written.close(),
      () => defined.close(),
    );
    expect(defined.recordShape('issues')).toEqual(written.recordShape('issues'));
    const [expected, described] = [await written.describe(), await defined.describe()];
    expect(described.objects).toEqual(expected.objects);
  });

  it('asks for changes since the cursor minus the overlap, one microsecond earlier (updated_after is strict), as the connector does', async () => {
    const sim = await planGrid.start(20);
    cleanups.push(() => sim.close());
    const asked = [];
    for (const make of [handWritten, byDefinition]) {
      const c = make(sim, FAST_HTTP);
      cleanups.push(() => c.close());
      sim.control.clearRequests();
      await walkAll(c.list({ object: 'issues', updatedAfter: '2025-01-06T09:00:00.000000Z', pageSize: 10 }));
      asked.push(sim.control.requests()[0]?.query.updated_after);
    }
    expect(asked).toEqual(['2025-01-06T08:58:59.999999Z', '2025-01-06T08:58:59.999999Z']);
  });

  it('updates an issue by PATCH as the connector does', async () => {
    const sim = await planGrid.start(20);
    cleanups.push(() => sim.close());
    const defined = byDefinition(sim, FAST_HTTP);
    cleanups.push(() => defined.close());
    const [issue] = (await sim.rows()).filter((i) => i.status !== 'closed' && !i.deleted);
    const ref = await defined.update('issues', String(issue!.uid), { status: 'closed' });
    expect(ref).toMatchObject({
      id: issue!.uid,
      number: String(issue!.number),
      fields: { status: 'closed' },
    });
    expect(sim.control.requests({ method: 'PATCH' })).toEqual([
      expect.objectContaining({
        path: `/projects/${String(sim.options.project)}/issues/${String(issue!.uid)}`,
      }),
    ]);
  });
});
