import type { ChurnOps, SimControl } from '@isync/simulators';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpError } from '../../http/index.js';
import type { Connector, ConnectorInput } from '../connector.js';
import { versionOf, walkAll } from '../test-support.js';

/*
 * What every connector of a system promises, whoever implements it (the hand-written connector or the
 * generic REST engine running the system's definition), proved against the system's simulator: paging
 * under churn, 429 pacing, and, for a destination, exactly-once creates when an answer is lost.
 */

/** Builds a connector for a running simulator: how it connects is the implementation's to say. */
export type ConnectorMaker<C extends SimControl = SimControl> = (
  sim: ContractSim<C>,
  http: ConnectorInput['http'],
) => Connector;

/** One running simulator of the system, as the contract reads and disturbs it. */
export interface ContractSim<C extends SimControl = SimControl> {
  control: C;
  url: string;
  /** The object listed (and written, for a destination). */
  object: string;
  idField: string;
  /** A field telling two versions of a record apart (a stamp finer than the update time, where there is one). */
  versionField: string;
  /** The connection's options the system needs (PlanGrid: its project). */
  options: Record<string, unknown>;
  /** The records of `object` as they stand, read from the simulator with no churn running. */
  rows(): Promise<Record<string, unknown>[]>;
  /** The changes the system's records undergo (a system that hides deleted records churns none). */
  churnMix: ChurnOps;
  /** The simulator's path pattern for `object`'s list and create requests. */
  objectPath: string;
  close(): Promise<void>;
}

export interface ContractSystem<C extends SimControl = SimControl> {
  /** Starts the system's simulator with this many records and no rate limit. */
  start(records: number): Promise<ContractSim<C>>;
  /** For a destination: a new record carrying its correlation value, and the field holding it. */
  writes?: { correlationField: string; record(correlation: string): Record<string, unknown> };
}

/** Short timeouts and backoffs; the server's Retry-After still applies. */
const CONTRACT_HTTP: NonNullable<ConnectorInput['http']> = {
  timeoutMs: 2_000,
  retry: { maxRetries: 6, baseDelayMs: 5, maxDelayMs: 40, maxTotalWaitMs: 20_000 },
};

export function connectorContract<C extends SimControl>(
  name: string,
  system: ContractSystem<C>,
  make: ConnectorMaker<C>,
): void {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });

  async function start(records: number): Promise<ContractSim<C>> {
    const sim = await system.start(records);
    cleanups.push(() => sim.close());
    return sim;
  }

  function connector(sim: ContractSim<C>, http: ConnectorInput['http'] = CONTRACT_HTTP): Connector {
    const created = make(sim, http);
    cleanups.push(() => created.close());
    return created;
  }

  const version = (sim: ContractSim<C>) => (record: Record<string, unknown>) =>
    versionOf(record, sim.idField, sim.versionField);

  describe(`${name}: the connector contract`, () => {
    it('walks every page while records change, losing none and repeating none, and the next walk picks up every change', async () => {
      const sim = await start(250);
      const before = await sim.rows();
      const c = connector(sim);
      sim.control.startChurn({ perSecond: 300, mix: sim.churnMix });
      const first = await walkAll(c.list({ object: sim.object, updatedAfter: null, pageSize: 20 }), () => {
        // A second passes per page. Inside one update time shared by more than a page of records (Nuvolo's
        // whole seconds under this churn) the walk pages by offset and can pass over a record changed into
        // it meanwhile; the next walk reads it. Both implementations share that walk (incremental-walk.ts).
        sim.control.advanceClock(1000);
        sim.control.churn(sim.churnMix);
      });
      sim.control.stopChurn();

      const versions = first.records.map(version(sim));
      expect(new Set(versions).size).toBe(versions.length);
      const seen = new Set(first.records.map((r) => r[sim.idField]));
      expect(before.filter((row) => !seen.has(row[sim.idField]))).toEqual([]);

      const second = await walkAll(c.list({ object: sim.object, updatedAfter: first.cursor, pageSize: 20 }));
      const pulled = new Set([...versions, ...second.records.map(version(sim))]);
      const final = await sim.rows();
      expect(final.filter((row) => !pulled.has(version(sim)(row)))).toEqual([]);
      expect(final.length).toBeGreaterThan(before.length);
    });

    it("keeps to the system's rate limit: after each 429 it waits what Retry-After says, and completes", async () => {
      const sim = await start(60);
      const rows = await sim.rows();
      sim.control.setRateLimits([{ limit: 2, windowSeconds: 1 }]);
      sim.control.clearRequests();
      const { records } = await walkAll(
        connector(sim).list({ object: sim.object, updatedAfter: null, pageSize: 10 }),
      );
      expect(records).toHaveLength(rows.length);
      expect(rows.length).toBeGreaterThan(20);

      const log = sim.control.requests({ path: sim.objectPath });
      const limited = log.filter((r) => r.status === 429);
      expect(limited.length).toBeGreaterThan(0);
      for (const hit of limited) {
        const after = log.find((r) => r.seq > hit.seq);
        // The simulator's window is one second, so it answers Retry-After: 1.
        expect(Date.parse(after!.at) - Date.parse(hit.at)).toBeGreaterThanOrEqual(1000);
      }
    });

    it.runIf(system.writes)(
      'makes a create exactly once when its answer is lost, and repeats it only after an answer proving it was not made',
      async () => {
        const sim = await start(0);
        const { correlationField, record } = system.writes!;
        const c = connector(sim, { ...CONTRACT_HTTP, timeoutMs: 300 });
        const post = { path: sim.objectPath, method: 'POST' };
        /** What the push does on its next try: look the record up by correlation before creating it again. */
        const pushAgain = async (correlation: string) =>
          (await c.findByCorrelation(sim.object, correlationField, correlation)) ??
          (await c.create(sim.object, record(correlation)));
        const rowsOf = async (correlation: string) =>
          (await sim.rows()).filter((row) => row[correlationField] === correlation);

        sim.control.addFault({ ...post, fault: '429', times: 1 });
        sim.control.addFault({ ...post, fault: '503', times: 1 });
        await c.create(sim.object, record('refused-twice'));
        expect(await rowsOf('refused-twice')).toHaveLength(1);

        // A 500 does not prove the record was not made: the create is not repeated, the next try looks it up.
        sim.control.addFault({ ...post, fault: '500', times: 1 });
        const failed = await c.create(sim.object, record('server-error')).catch((e: unknown) => e);
        expect(failed).toMatchObject({ status: 500, attempts: 1 });
        await pushAgain('server-error');
        expect(await rowsOf('server-error')).toHaveLength(1);

        // Made, its answer cut off: repeating it would make a second record.
        sim.control.addFault({ ...post, fault: 'truncated', times: 1 });
        const cut = await c.create(sim.object, record('answer-lost')).catch((e: unknown) => e);
        expect(cut).toBeInstanceOf(HttpError);
        expect(cut).toMatchObject({ attempts: 1 });
        const recovered = await pushAgain('answer-lost');
        expect(await rowsOf('answer-lost')).toEqual([
          expect.objectContaining({ [sim.idField]: recovered.id }),
        ]);

        // Held past the client's timeout, then made.
        sim.control.addFault({ ...post, fault: 'slow', delayMs: 600, times: 1 });
        const timedOut = await c.create(sim.object, record('answer-late')).catch((e: unknown) => e);
        expect(timedOut).toMatchObject({ kind: 'timeout', attempts: 1 });
        await new Promise((resolve) => setTimeout(resolve, 700));
        await pushAgain('answer-late');
        expect(await rowsOf('answer-late')).toHaveLength(1);

        // The connection dropped before the simulator made it: the next try makes it, once.
        sim.control.addFault({ ...post, fault: 'drop', times: 1 });
        const dropped = await c.create(sim.object, record('request-lost')).catch((e: unknown) => e);
        expect(dropped).toMatchObject({ kind: 'network', attempts: 1 });
        expect(await rowsOf('request-lost')).toHaveLength(0);
        await pushAgain('request-lost');
        expect(await rowsOf('request-lost')).toHaveLength(1);

        const posts = sim.control.requests({ method: 'POST' }).filter((r) => r.path.endsWith(sim.object));
        // Two refused and one made; twice after the 500 and the dropped request, once after a lost or late answer.
        expect(posts).toHaveLength(3 + 2 + 1 + 1 + 2);
      },
    );
  });
}
