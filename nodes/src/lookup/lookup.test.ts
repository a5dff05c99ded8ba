import { HttpError } from '../http/index.js';
import { describe, expect, it } from 'vitest';
import { connectorsOf, flowItem, runtimeContext } from '../testing/fixtures.js';
import { LookupCache } from './cache.js';
import { lookupNode, type LookupConfig } from './definition.js';
import { runLookup } from './runtime.js';

const config: LookupConfig = {
  ...lookupNode.config.parse({
    object: 'x_nuvo_eam_elocation',
    matchField: 'name',
    sourcePath: 'room',
    targetField: 'work_location',
  }),
  connectionId: 'nuvolo',
};

describe('lookup node', () => {
  it('resolves each distinct value once per run and sets the destination field', async () => {
    const asked: string[] = [];
    const context = runtimeContext({
      connectors: connectorsOf({
        nuvolo: {
          findOne: async (_object, _field, value) => {
            asked.push(value);
            return value === 'Room 101' ? { sys_id: 'loc-101', name: value } : null;
          },
        },
      }),
    });
    const result = await runLookup(
      [
        flowItem({ uid: 'a', room: 'Room 101' }),
        flowItem({ uid: 'b', room: 'Room 101' }),
        flowItem({ uid: 'c', room: 'Attic' }),
        flowItem({ uid: 'd' }),
      ],
      config,
      context,
    );
    expect(asked).toEqual(['Room 101', 'Attic']);
    expect(result.out.map((i) => i.fields.work_location ?? null)).toEqual(['loc-101', 'loc-101', null, null]);
  });

  it("asks a batch's distinct values at once, not one record after another", async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    const context = runtimeContext({
      connectors: connectorsOf({
        nuvolo: {
          findOne: async (_object, _field, value) => {
            mostInFlight = Math.max(mostInFlight, (inFlight += 1));
            await new Promise((resolve) => setImmediate(resolve));
            inFlight -= 1;
            return { sys_id: `loc-${value}` };
          },
        },
      }),
    });
    const rooms = ['1.01', '1.02', '1.01', '2.05', '1.02'];
    const result = await runLookup(
      rooms.map((room, i) => flowItem({ uid: `i-${i}`, room })),
      config,
      context,
    );
    expect(mostInFlight).toBe(3);
    // The records keep their order, each with its own value's answer.
    expect(result.out.map((item) => item.fields.work_location)).toEqual(rooms.map((room) => `loc-${room}`));
  });

  it('skips or fails a record whose value is not found, as configured', async () => {
    const context = () =>
      runtimeContext({ connectors: connectorsOf({ nuvolo: { findOne: async () => null } }) });
    const skipped = await runLookup(
      [flowItem({ uid: 'a', room: 'Attic' })],
      { ...config, onMissing: 'skip' },
      context(),
    );
    expect(skipped.skipped[0]!.reason).toBe('no x_nuvo_eam_elocation has name "Attic"');
    const failed = await runLookup(
      [flowItem({ uid: 'a', room: 'Attic' })],
      { ...config, onMissing: 'fail' },
      context(),
    );
    expect(failed.failed[0]).toMatchObject({ kind: 'mapping' });
  });

  it('fails the records whose lookup the destination refused, with the kind of failure', async () => {
    const refusing = new HttpError('Nuvolo answered 503', {
      kind: 'api-5xx',
      system: 'Nuvolo',
      method: 'GET',
      url: 'http://127.0.0.1/api/now/table/x_nuvo_eam_elocation',
      status: 503,
      responseSnippet: undefined,
      retryable: true,
      attempts: 3,
    });
    const context = runtimeContext({
      connectors: connectorsOf({ nuvolo: { findOne: () => Promise.reject(refusing) } }),
    });
    const result = await runLookup([flowItem({ uid: 'a', room: 'Room 101' })], config, context);
    expect(result.failed[0]).toMatchObject({
      kind: 'api-5xx',
      message: expect.stringContaining('Nuvolo answered 503'),
    });
  });

  it('chains: a second lookup reads the field the first one set, and clears it when nothing matches', async () => {
    const asked: Array<[string, string, string | undefined]> = [];
    const context = runtimeContext({
      connectors: connectorsOf({
        plangrid: {
          findOne: async (_object, _field, value, _signal, scope) => {
            asked.push(['plangrid', value, scope?.project]);
            return { uid: value, email: `${value}@example.com` };
          },
        },
        nuvolo: {
          findOne: async (_object, _field, value) => {
            asked.push(['nuvolo', value, undefined]);
            return value === 'u1@example.com' ? { sys_id: 'usr-1' } : null;
          },
        },
      }),
    });
    const toEmail: LookupConfig = {
      ...lookupNode.config.parse({
        through: 'source',
        object: 'users',
        matchField: 'uid',
        sourcePath: 'assignees[0].uid',
        targetField: 'assigned_to',
        returnField: 'email',
      }),
      connectionId: 'plangrid',
      project: 'p-1',
    };
    const toUser: LookupConfig = {
      ...lookupNode.config.parse({
        object: 'sys_user',
        matchField: 'email',
        valueFrom: 'fields',
        sourcePath: 'assigned_to',
        targetField: 'assigned_to',
      }),
      connectionId: 'nuvolo',
    };
    const items = [
      flowItem({ uid: 'a', assignees: [{ uid: 'u1' }] }),
      flowItem({ uid: 'b', assignees: [{ uid: 'u2' }] }),
      flowItem({ uid: 'c', assignees: [] }),
    ];
    const emails = await runLookup(items, toEmail, context);
    const users = await runLookup(emails.out, toUser, context);
    expect(users.out.map((i) => i.fields.assigned_to ?? null)).toEqual(['usr-1', null, null]);
    expect(asked).toEqual([
      ['plangrid', 'u1', 'p-1'],
      ['plangrid', 'u2', 'p-1'],
      ['nuvolo', 'u1@example.com', undefined],
      ['nuvolo', 'u2@example.com', undefined],
    ]);
  });

  it('keeps what it found for the plan version’s next runs, until the answer is too old', async () => {
    let now = 1_000;
    const cache = new LookupCache({ ttlMs: 60_000, now: () => now });
    const asked: string[] = [];
    const connectors = connectorsOf({
      nuvolo: {
        findOne: async (_object, _field, value) => {
          asked.push(value);
          return value === 'Room 101' ? { sys_id: 'loc-101', name: value } : null;
        },
      },
    });
    // Each run has its own run cache; the plan's lookups outlive it.
    const run = (planKey: string) =>
      runLookup(
        [flowItem({ uid: 'a', room: 'Room 101' }), flowItem({ uid: 'b', room: 'Attic' })],
        config,
        runtimeContext({ connectors, planLookups: cache.forPlan(planKey) }),
      );
    const first = await run('acme/sync/1/h1');
    const second = await run('acme/sync/1/h1');
    expect(second.out.map((i) => i.fields.work_location ?? null)).toEqual(
      first.out.map((i) => i.fields.work_location ?? null),
    );
    // Found once for the version; "not found" is asked again each run (it may have been added since).
    expect(asked).toEqual(['Room 101', 'Attic', 'Attic']);
    // A new version (published) or another tenant starts afresh.
    await run('acme/sync/2/h2');
    await run('globex/sync/1/h1');
    expect(asked.filter((v) => v === 'Room 101')).toHaveLength(3);
    // Past its time an answer is asked again.
    now += 61_000;
    await run('acme/sync/1/h1');
    expect(asked.filter((v) => v === 'Room 101')).toHaveLength(4);
  });
});
