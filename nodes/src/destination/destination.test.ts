import { describe, expect, it } from 'vitest';
import type { Connector, DestinationRef } from '../connectors/connector.js';
import { HttpError } from '../http/index.js';
import { flowItem } from '../testing/fixtures.js';
import { destinationNode } from './definition.js';
import { needsPushIntent, pushItem, type PushIntent } from './runtime.js';

const config = destinationNode.config.parse({ connectionId: 'nv', object: 'work_orders' });
const ref = (id: string): DestinationRef => ({ id, number: `WO-${id}`, fields: {} });
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
  it('records the intent, then creates with the correlation field set to the source id', async () => {
    const { calls, connector } = destination();
    const pending = intent();
    const result = await pushItem(
      flowItem({ uid: 'pg-1' }, { fields: { short_description: 'Leak' } }),
      config,
      connector,
      pending,
    );
    expect(result).toEqual({ outcome: 'created', ref: ref('new') });
    expect(pending.recorded).toBe(1);
    expect(calls).toEqual(['create {"short_description":"Leak","correlation_id":"pg-1"}']);
  });

  it('after an interrupted create, finds the record by correlation instead of creating it twice', async () => {
    const { calls, connector } = destination({ 'pg-1': 'landed' });
    const result = await pushItem(
      flowItem({ uid: 'pg-1' }, { fields: { state: 'Open' } }),
      config,
      connector,
      intent(true),
    );
    expect(result).toMatchObject({ outcome: 'created', ref: { id: 'landed' } });
    expect(calls).toEqual(['find correlation_id=pg-1', 'update landed {"state":"Open"}']);
  });

  it('after an interrupted create that never landed, creates it', async () => {
    const { calls, connector } = destination();
    const result = await pushItem(flowItem({ uid: 'pg-1' }), config, connector, intent(true));
    expect(result.outcome).toBe('created');
    expect(calls).toEqual(['find correlation_id=pg-1', 'create {"correlation_id":"pg-1"}']);
  });

  it('updates by the stored destination id', async () => {
    const { calls, connector } = destination();
    const item = flowItem(
      { uid: 'pg-1' },
      { operation: 'update', destinationId: 'wo-7', fields: { state: 'Closed Complete' } },
    );
    expect(await pushItem(item, config, connector, intent())).toMatchObject({
      outcome: 'updated',
      ref: { id: 'wo-7' },
    });
    expect(calls).toEqual(['update wo-7 {"state":"Closed Complete"}']);
  });

  it('when the stored id is gone (404), updates the record found by correlation, or tells it vanished', async () => {
    const item = flowItem(
      { uid: 'pg-1' },
      { operation: 'update', destinationId: 'gone', fields: { state: 'Open' } },
    );
    const moved = destination({ 'pg-1': 'moved' });
    expect(await pushItem(item, config, moved.connector, intent())).toMatchObject({
      outcome: 'updated',
      ref: { id: 'moved' },
    });
    // Not created with the update mapping's fields: the caller maps it again as a create.
    const vanished = destination();
    expect(await pushItem(item, config, vanished.connector, intent())).toEqual({ outcome: 'vanished' });
    expect(vanished.calls.filter((call) => call.startsWith('create'))).toEqual([]);
    const updateOnly = destination();
    expect(
      await pushItem(item, { ...config, operations: 'update-only' }, updateOnly.connector, intent()),
    ).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('deleted') });
  });

  it('skips what its operations policy leaves out', async () => {
    const { calls, connector } = destination();
    const createOnly = { ...config, operations: 'create-only' as const };
    const updateOnly = { ...config, operations: 'update-only' as const };
    const update = flowItem({ uid: 'a' }, { operation: 'update', destinationId: 'wo-1' });
    expect((await pushItem(update, createOnly, connector, intent())).outcome).toBe('skipped');
    expect((await pushItem(flowItem({ uid: 'b' }), updateOnly, connector, intent())).outcome).toBe('skipped');
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
    await expect(pushItem(item, config, failing, intent())).rejects.toThrow('400');
  });
});
