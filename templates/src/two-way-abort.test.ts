import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Integration } from '@isync/core';
import { executeRun } from '@isync/executor';
import { simulatorWorld, type SimulatorWorld } from '@isync/executor/testing/world';
import { createConnector, type Connector, type ConnectorFactory } from '@isync/nodes';
import { edit, installTwoWay, WORK_ORDERS } from './testing/two-way-edits.js';

/*
 * A two-way run aborted while it writes (an executor shutting down) fails nothing: the pairs it was writing
 * keep their intent and the next run finishes them, each change once.
 */
describe('a two-way run aborted under its writes', () => {
  let world: SimulatorWorld;
  let integration: Integration;
  const request = () => ({
    tenantId: world.tenant.id,
    integrationId: integration.id,
    trigger: 'manual' as const,
  });

  beforeAll(async () => {
    world = await simulatorWorld({ plangrid: { records: 60 } });
    integration = await installTwoWay(world);
    // Linked, then quiet: the work orders created are pulled back as iSync's own.
    for (let round = 0; round < 2; round++)
      expect(await executeRun(world.engine, request())).toMatchObject({ status: 'succeeded' });
  }, 120_000);
  afterAll(() => world.close());

  it('leaves the pairs it was writing as they were, and the next run writes each change once', async () => {
    const linked = (
      await world.store.records.search(world.tenant.id, { integrationId: integration.id }, { limit: 100 })
    ).items.filter((record) => record.destinationId !== null && record.sourceData.deleted !== true);
    const renamed = linked.slice(0, 6);
    expect(renamed).toHaveLength(6);
    for (const [i, record] of renamed.entries())
      await edit(world, 'plangrid', record.sourceId, { title: `Renamed before the abort ${i}` });

    // Work-order updates wait until the run is aborted, then end with its reason, as a cut request does.
    const held: string[] = [];
    const connectorFactory: ConnectorFactory = (input) => {
      const connector = createConnector(input);
      if (input.connection.system !== 'nuvolo') return connector;
      return new Proxy(connector, {
        get(target, key, receiver) {
          if (key !== 'update') return Reflect.get(target, key, receiver) as unknown;
          return (...args: Parameters<Connector['update']>) =>
            new Promise((_resolve, reject) => {
              const signal = args[3]!;
              if (signal.aborted) return reject(signal.reason as Error);
              held.push(args[1]);
              signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
            });
        },
      });
    };
    const abort = new AbortController();
    world.nuvolo.control.clearRequests();
    const running = executeRun(
      { ...world.engine, connectorFactory, options: { batchSize: 10, pushConcurrency: 2 } },
      { ...request(), signal: abort.signal },
    );
    await vi.waitFor(() => expect(held).toHaveLength(2), { timeout: 10_000 });
    abort.abort(new Error('the executor shut down'));
    const aborted = await running;

    expect(aborted).toMatchObject({ status: 'failed', counts: { failed: 0 } });
    const failedRecords = await world.store.records.search(
      world.tenant.id,
      { integrationId: integration.id, status: 'failed' },
      { limit: 100 },
    );
    expect(failedRecords.items).toEqual([]);
    const inbox = await world.store.exceptions.list(world.tenant.id, { resolved: false });
    expect(inbox.items).toEqual([]);
    // Nothing was written: the two updates were held and the rest never went.
    expect(world.nuvolo.control.requests().filter((r) => r.method !== 'GET')).toEqual([]);

    const next = await executeRun(world.engine, request());
    expect(next).toMatchObject({ status: 'succeeded', counts: { failed: 0, updated: renamed.length } });
    const writes = world.nuvolo.control.requests().filter((r) => r.method !== 'GET' && r.status === 200);
    expect(writes.map((r) => r.path.split('/').at(-1)).sort()).toEqual(
      renamed.map((record) => record.destinationId).sort(),
    );
    const orders = new Map(world.nuvolo.control.rows(WORK_ORDERS).map((row) => [row.sys_id, row]));
    for (const [i, record] of renamed.entries())
      expect(orders.get(record.destinationId!)?.short_description).toBe(`Renamed before the abort ${i}`);
  }, 120_000);
});
