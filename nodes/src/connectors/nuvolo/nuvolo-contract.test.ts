import { startNuvolo } from '@isync/simulators';
import type { NuvoloControl } from '@isync/simulators';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorInput } from '../connector.js';
import type { ConnectorMaker, ContractSystem } from '../contract/connector-contract.js';
import { connectorContract } from '../contract/connector-contract.js';
import nuvoloDefinition from '../rest/definitions/nuvolo.json' with { type: 'json' };
import { parseRestDefinition } from '../rest/definition.js';
import { restConnector } from '../rest/rest.js';
import { connectionTo, FAST_HTTP } from '../test-support.js';
import { WORK_ORDERS } from './describe.js';
import { createNuvoloConnector } from './nuvolo.js';

/* Nuvolo's contract, kept by the hand-written connector and by the REST engine running nuvolo.json alike. */

const nuvolo: ContractSystem<NuvoloControl> = {
  async start(records) {
    const sim = await startNuvolo({ records, rateLimit: false });
    return {
      control: sim.control,
      url: sim.url,
      object: WORK_ORDERS,
      idField: 'sys_id',
      // sys_mod_count tells versions apart where sys_updated_on (whole seconds) cannot.
      versionField: 'sys_mod_count',
      options: {},
      rows: () => Promise.resolve(sim.control.rows(WORK_ORDERS)),
      // A deleted row leaves the table: nothing could read it.
      churnMix: { create: 1, update: 2, statusChange: 1, delete: 0 },
      objectPath: `*/${WORK_ORDERS}`,
      close: () => sim.close(),
    };
  },
  writes: {
    correlationField: 'correlation_id',
    record: (correlation) => ({
      short_description: `Order ${correlation}`,
      state: '2',
      correlation_id: correlation,
    }),
  },
};

const input = (baseUrl: string, http: ConnectorInput['http']) => ({
  credentials: { username: 'admin', password: 'nuvolo-demo' },
  ...(http && { http }),
  connection: connectionTo('nuvolo', baseUrl, 'basic'),
});

const handWritten: ConnectorMaker<NuvoloControl> = (sim, http) => createNuvoloConnector(input(sim.url, http));
const byDefinition: ConnectorMaker<NuvoloControl> = (sim, http) =>
  restConnector(
    { ...input(sim.url, http), connection: connectionTo('rest', sim.url, 'basic') },
    parseRestDefinition('Nuvolo (definition)', nuvoloDefinition),
  );

connectorContract('the Nuvolo connector', nuvolo, handWritten);
connectorContract('the REST engine running nuvolo.json', nuvolo, byDefinition);

describe('nuvolo.json says what the Nuvolo connector says', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });

  async function both() {
    const sim = await nuvolo.start(30);
    const [written, defined] = [handWritten(sim, FAST_HTTP), byDefinition(sim, FAST_HTTP)];
    cleanups.push(
      () => sim.close(),
      () => written.close(),
      () => defined.close(),
    );
    return { sim, written, defined };
  }

  it('the same record shape, tables, fields and state choices from sys_dictionary and sys_choice', async () => {
    const { sim, written, defined } = await both();
    sim.control.setChoices(WORK_ORDERS, 'state', [
      { value: '10', label: 'New' },
      { value: '20', label: 'Done' },
    ]);
    expect(defined.recordShape(WORK_ORDERS)).toEqual(written.recordShape(WORK_ORDERS));
    const [expected, described] = [await written.describe(), await defined.describe()];
    expect(described.objects.map((o) => o.name)).toEqual(expected.objects.map((o) => o.name));
    const [orders, wanted] = [described.objects[0]!, expected.objects[0]!];
    expect(orders.statuses).toEqual(wanted.statuses);
    expect(orders.fields.map((f) => f.name).sort()).toEqual(wanted.fields.map((f) => f.name).sort());
  });

  it('finds many work orders by one IN query per 100 values, the oldest first', async () => {
    const { sim, written, defined } = await both();
    const [a, b] = sim.control.rows(WORK_ORDERS);
    const again = sim.control.insert(WORK_ORDERS, { number: 'DUP', short_description: 'dup', state: '2' });
    // A second later: created in the same second, the two would be ordered by their random sys_ids.
    sim.control.advanceClock(1000);
    sim.control.insert(WORK_ORDERS, { number: 'DUP', short_description: 'dup 2', state: '2' });
    const values = [String(a!.number), String(b!.number), 'DUP', 'FWO9999999', ''];
    const ids = (found: Map<string, { id: string }>) =>
      [...found.entries()].map(([v, ref]) => [v, ref.id]).sort();
    sim.control.clearRequests();
    const byDefinitionFound = await defined.findMany(WORK_ORDERS, 'number', values);
    expect(sim.control.requests({ method: 'GET' })).toHaveLength(1);
    expect(ids(byDefinitionFound)).toEqual(ids(await written.findMany(WORK_ORDERS, 'number', values)));
    expect(byDefinitionFound.get('DUP')?.id).toBe(again.sys_id);
  });

  it('creates, finds by correlation and updates as the connector does, references as sys_ids', async () => {
    const { sim, defined } = await both();
    const location = sim.control.rows('x_nuvo_eam_elocation')[0]!;
    const created = await defined.create(WORK_ORDERS, {
      short_description: 'Leaking tap in 2.14',
      state: '2',
      work_location: location.name,
      correlation_id: 'pg-issue-0001',
    });
    expect(created).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      number: expect.stringMatching(/^FWO\d{7}$/),
    });
    expect(created.fields.work_location).toBe(location.sys_id);
    expect(await defined.findByCorrelation(WORK_ORDERS, 'correlation_id', 'pg-issue-0001')).toMatchObject({
      id: created.id,
    });
    expect(await defined.update(WORK_ORDERS, created.id, { state: '3' })).toMatchObject({
      fields: { state: '3' },
    });
    const refused = await defined
      .create(WORK_ORDERS, { short_description: 'x', state: 'Open ' })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({
      kind: 'validation',
      message: expect.stringContaining("Invalid state value 'Open '"),
    });
  });
});
