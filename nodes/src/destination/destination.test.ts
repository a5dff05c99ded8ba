import { describe, expect, it } from 'vitest';
import type { Connector, DestinationRef } from '../connectors/connector.js';
import { HttpError } from '../http/index.js';
import { createSandbox } from '../sandbox/index.js';
import { flowItem } from '../testing/fixtures.js';
import { destinationNode, matchExpressionId, type MatchExisting } from './definition.js';
import { matchKeys } from './match.js';
import { needsMatch, needsPushIntent, pushItem, PushRefused, type PushIntent } from './runtime.js';

const config = destinationNode.config.parse({ connectionId: 'nv', object: 'work_orders' });
const ref = (id: string, fields: Record<string, unknown> = {}): DestinationRef => ({
  id,
  number: `WO-${id}`,
  fields,
});
const notFound = new HttpError('Nuvolo answered 404', {
  kind: 'api-4xx',
  system: 'Nuvolo',
  method: 'PATCH',
  url: '/api/now/table/work_orders/gone',
  status: 404,
  responseSnippet: undefined,
  retryable: false,
  attempts: 1,
});

/** A destination that remembers what was asked of it. */
function destination(existing: Record<string, string> = {}) {
  const calls: string[] = [];
  const connector: Partial<Connector> = {
    create: async (_object, fields) => {
      calls.push(`create ${JSON.stringify(fields)}`);
      return ref('new');
    },
    update: async (_object, id, fields) => {
      calls.push(`update ${id} ${JSON.stringify(fields)}`);
      if (id === 'gone') throw notFound;
      return ref(id);
    },
    findByCorrelation: async (_object, field, value) => {
      calls.push(`find ${field}=${value}`);
      return existing[value] ? ref(existing[value]) : null;
    },
  };
  return { calls, connector: connector as Connector };
}

const intent = (started = false): PushIntent & { recorded: number } => {
  const state = {
    started,
    recorded: 0,
    record: async () => {
      state.recorded += 1;
    },
  };
  return state;
};

describe('destination node', () => {
  it('records the intent, then creates with exactly the mapped fields plus the correlation field', async () => {
    const { calls, connector } = destination();
    const pending = intent();
    const result = await pushItem(
      flowItem({ uid: 'pg-1' }, { fields: { short_description: 'Leak' } }),
      config,
      {
        connector,
        intent: pending,
      },
    );
    const sent = { short_description: 'Leak', correlation_id: 'pg-1' };
    expect(result).toEqual({ outcome: 'created', ref: ref('new'), sent });
    expect(pending.recorded).toBe(1);
    expect(calls).toEqual([`create ${JSON.stringify(sent)}`]);
  });

  it('refuses, rather than overwrites, a mapped correlation field', async () => {
    const { calls, connector } = destination();
    const item = flowItem({ uid: 'pg-1' }, { fields: { correlation_id: 'PG-12', state: 'Open' } });
    const refused = await pushItem(item, config, { connector, intent: intent() }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PushRefused);
    expect(refused).toMatchObject({ kind: 'mapping', message: expect.stringContaining('"correlation_id"') });
    const update = { ...item, operation: 'update' as const, destinationId: 'wo-1' };
    await expect(pushItem(update, config, { connector, intent: intent() })).rejects.toThrow(PushRefused);
    expect(calls).toEqual([]);
    // The source id itself is what iSync writes anyway: nothing is replaced.
    const same = flowItem({ uid: 'pg-1' }, { fields: { correlation_id: 'pg-1' } });
    expect((await pushItem(same, config, { connector, intent: intent() })).outcome).toBe('created');
  });

  it('after an interrupted create, finds the record by correlation instead of creating it twice', async () => {
    const { calls, connector } = destination({ 'pg-1': 'landed' });
    const result = await pushItem(flowItem({ uid: 'pg-1' }, { fields: { state: 'Open' } }), config, {
      connector,
      intent: intent(true),
    });
    expect(result).toMatchObject({ outcome: 'recovered', ref: { id: 'landed' }, sent: { state: 'Open' } });
    expect(calls).toEqual(['find correlation_id=pg-1', 'update landed {"state":"Open"}']);
  });

  it('after an interrupted create that never landed, creates it', async () => {
    const { calls, connector } = destination();
    const result = await pushItem(flowItem({ uid: 'pg-1' }), config, { connector, intent: intent(true) });
    expect(result.outcome).toBe('created');
    expect(calls).toEqual(['find correlation_id=pg-1', 'create {"correlation_id":"pg-1"}']);
  });

  it('updates by the stored destination id with exactly the mapped fields', async () => {
    const { calls, connector } = destination();
    const item = flowItem(
      { uid: 'pg-1' },
      { operation: 'update', destinationId: 'wo-7', fields: { state: 'Closed Complete' } },
    );
    expect(await pushItem(item, config, { connector, intent: intent() })).toMatchObject({
      outcome: 'updated',
      ref: { id: 'wo-7' },
      sent: { state: 'Closed Complete' },
    });
    expect(calls).toEqual(['update wo-7 {"state":"Closed Complete"}']);
  });

  it('when the stored id is gone (404), updates the record found by correlation, or tells it vanished', async () => {
    const item = flowItem(
      { uid: 'pg-1' },
      { operation: 'update', destinationId: 'gone', fields: { state: 'Open' } },
    );
    const moved = destination({ 'pg-1': 'moved' });
    expect(await pushItem(item, config, { connector: moved.connector, intent: intent() })).toMatchObject({
      outcome: 'updated',
      ref: { id: 'moved' },
    });
    // Not created with the update mapping's fields: the caller maps it again as a create.
    const vanished = destination();
    expect(await pushItem(item, config, { connector: vanished.connector, intent: intent() })).toEqual({
      outcome: 'vanished',
    });
    expect(vanished.calls.filter((call) => call.startsWith('create'))).toEqual([]);
    const updateOnly = destination();
    expect(
      await pushItem(
        item,
        { ...config, operations: 'update-only' },
        { connector: updateOnly.connector, intent: intent() },
      ),
    ).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('deleted') });
  });

  it('skips what its operations policy leaves out', async () => {
    const { calls, connector } = destination();
    const createOnly = { ...config, operations: 'create-only' as const };
    const updateOnly = { ...config, operations: 'update-only' as const };
    const update = flowItem({ uid: 'a' }, { operation: 'update', destinationId: 'wo-1' });
    expect((await pushItem(update, createOnly, { connector, intent: intent() })).outcome).toBe('skipped');
    expect(
      (await pushItem(flowItem({ uid: 'b' }), updateOnly, { connector, intent: intent() })).outcome,
    ).toBe('skipped');
    expect(calls).toEqual([]);
  });

  it('tells which items it will create, so their intents can be written before the batch is sent', () => {
    const create = flowItem({ uid: 'a' });
    const update = flowItem({ uid: 'b' }, { operation: 'update', destinationId: 'wo-1' });
    expect(needsPushIntent(create, config)).toBe(true);
    expect(needsPushIntent(update, config)).toBe(false);
    expect(needsPushIntent(create, { ...config, operations: 'update-only' })).toBe(false);
    expect(needsPushIntent(create, { ...config, operations: 'create-only' })).toBe(true);
  });

  it('passes other errors on', async () => {
    const { connector } = destination();
    const item = flowItem({ uid: 'pg-1' }, { operation: 'update', destinationId: 'wo-1' });
    const failing = {
      ...connector,
      update: () => Promise.reject(new Error('Nuvolo answered 400')),
    } as Connector;
    await expect(pushItem(item, config, { connector: failing, intent: intent() })).rejects.toThrow('400');
  });
});

describe('destination node: match existing records by', () => {
  const byNumber: MatchExisting = {
    field: 'number',
    value: { kind: 'template', template: 'PG-{{number}}' },
  };
  const matching = { ...config, matchExisting: byNumber };
  const candidate = (fields: Record<string, unknown> = {}) => ({
    field: 'number',
    value: 'PG-7',
    ref: ref('wo-7', { number: 'PG-7', ...fields }),
  });

  it('links the record found instead of creating one, writing the correlation field on it', async () => {
    const { calls, connector } = destination();
    const pending = intent();
    const result = await pushItem(flowItem({ uid: 'pg-7', number: 7 }), matching, {
      connector,
      intent: pending,
      candidate: candidate({ correlation_id: '' }),
    });
    expect(result).toMatchObject({
      outcome: 'linked',
      ref: { id: 'wo-7' },
      key: { field: 'number', value: 'PG-7' },
      sent: { correlation_id: 'pg-7' },
    });
    expect(calls).toEqual(['update wo-7 {"correlation_id":"pg-7"}']);
    expect(pending.recorded).toBe(0);
  });

  it('links without a write when the record already carries the source id, or is matched by the correlation field', async () => {
    const { calls, connector } = destination();
    const item = flowItem({ uid: 'pg-7' });
    expect(
      await pushItem(item, matching, {
        connector,
        intent: intent(),
        candidate: candidate({ correlation_id: 'pg-7' }),
      }),
    ).toMatchObject({ outcome: 'linked', sent: null });
    const byCorrelation = {
      ...config,
      matchExisting: { field: 'correlation_id', value: { kind: 'path' as const, path: 'uid' } },
    };
    expect(
      await pushItem(item, byCorrelation, {
        connector,
        intent: intent(),
        candidate: { field: 'correlation_id', value: 'pg-7', ref: ref('wo-7') },
      }),
    ).toMatchObject({ outcome: 'linked', sent: null });
    expect(calls).toEqual([]);
  });

  it('does not take over a record whose correlation field names another source record', async () => {
    const { calls, connector } = destination();
    const refused = await pushItem(flowItem({ uid: 'pg-7' }), matching, {
      connector,
      intent: intent(),
      candidate: candidate({ correlation_id: 'pg-99' }),
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PushRefused);
    expect((refused as Error).message).toContain('"pg-99"');
    expect(calls).toEqual([]);
  });

  it('creates as before when nothing matched, and links even when the node only updates', async () => {
    const { calls, connector } = destination();
    expect(
      (await pushItem(flowItem({ uid: 'pg-8' }), matching, { connector, intent: intent() })).outcome,
    ).toBe('created');
    const updateOnly = { ...matching, operations: 'update-only' as const };
    expect(
      (
        await pushItem(flowItem({ uid: 'pg-7' }), updateOnly, {
          connector,
          intent: intent(),
          candidate: candidate(),
        })
      ).outcome,
    ).toBe('linked');
    expect(calls).toEqual(['create {"correlation_id":"pg-8"}', 'update wo-7 {"correlation_id":"pg-7"}']);
  });

  it('looks up only creates, and only with a key configured', () => {
    const update = flowItem({ uid: 'b' }, { operation: 'update', destinationId: 'wo-1' });
    expect(needsMatch(flowItem({ uid: 'a' }), matching)).toBe(true);
    expect(needsMatch(update, matching)).toBe(false);
    expect(needsMatch(flowItem({ uid: 'a' }), config)).toBe(false);
  });

  it('computes keys from a path, a template (no key when a part is missing) and an expression', async () => {
    const items = [flowItem({ uid: 'a', number: 7, ref: { code: 'X-1' } }), flowItem({ uid: 'b' })];
    const context = { nodeId: 'dest', sandbox: null };
    expect(
      await matchKeys(items, { field: 'u_ref', value: { kind: 'path', path: 'ref.code' } }, context),
    ).toEqual([
      { ok: true, value: 'X-1' },
      { ok: true, value: null },
    ]);
    expect(await matchKeys(items, byNumber, context)).toEqual([
      { ok: true, value: 'PG-7' },
      { ok: true, value: null },
    ]);
    expect(await matchKeys(items, { field: 'u_ref', value: { kind: 'path', path: 'ref' } }, context)).toEqual(
      [
        { ok: false, kind: 'mapping', message: expect.stringContaining('an object') },
        { ok: true, value: null },
      ],
    );
    const expression = 'record.number ? `PG-${record.number}` : null';
    const sandbox = createSandbox({ expressions: { [matchExpressionId('dest')]: expression } });
    try {
      expect(
        await matchKeys(
          items,
          { field: 'number', value: { kind: 'expression', expression } },
          { ...context, sandbox },
        ),
      ).toEqual([
        { ok: true, value: 'PG-7' },
        { ok: true, value: null },
      ]);
    } finally {
      await sandbox.close();
    }
  });
});
