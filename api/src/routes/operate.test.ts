import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyRunCounts } from '@isync/core';
import { apiWorld, type ApiClient, type ApiWorld } from '../testing/api-world.js';
import { failedPush } from '../testing/failed-push.js';

describe('integrations, runs, records, exceptions and insights', () => {
  let world: ApiWorld;
  let editor: ApiClient;
  beforeEach(async () => {
    world = await apiWorld();
    editor = await world.as(world.acme.users.editor);
  });
  afterEach(() => world.close());

  it('edits, duplicates, pauses and archives an integration, keeping its history', async () => {
    const created = (await editor.post('/api/integrations', { title: 'Sync', description: 'first' })).json;
    expect(
      (await editor.patch(`/api/integrations/${created.id}`, { description: 'second' })).json.description,
    ).toBe('second');
    expect((await editor.patch(`/api/integrations/${created.id}`, { title: '' })).json.error.code).toBe(
      'validation_failed',
    );
    const copy = await editor.post(`/api/integrations/${created.id}/duplicate`);
    expect(copy.json).toMatchObject({ title: 'Sync (copy)', status: 'paused', liveVersion: null });
    expect(copy.json.notice).toContain('running both would create every record twice');
    expect((await editor.post(`/api/integrations/${created.id}/resume`)).status).toBe(409);
    expect((await editor.post(`/api/integrations/${created.id}/run`)).json.error.code).toBe('not_activated');
    const flow = {
      schemaVersion: 1,
      nodes: [{ id: 'src', type: 'source', position: { x: 0, y: 0 }, data: { config: {} } }],
      edges: [],
    };
    const saved = await editor.put(`/api/integrations/${created.id}/flow`, flow);
    expect(saved.json.wizard.source).toBe(true);
    expect((await editor.put(`/api/integrations/${created.id}/flow`, { nodes: 'x' })).status).toBe(400);
    const compiled = await editor.post(`/api/integrations/${created.id}/compile`);
    expect(compiled.json.problems.map((p: { message: string }) => p.message)).toContain(
      'The flow needs a destination node.',
    );
    const archived = await editor.delete(`/api/integrations/${created.id}`);
    expect(archived.json.status).toBe('archived');
    expect((await editor.get(`/api/integrations/${created.id}`)).status).toBe(404);
    expect((await editor.get('/api/integrations')).json.items.map((i: { title: string }) => i.title)).toEqual(
      ['Sync (copy)'],
    );
  });

  it('lists runs, records, exceptions and insights, and resolves an exception', async () => {
    const { store } = world;
    const tenantId = world.acme.tenant.id;
    const { integration, run, record, exception } = await failedPush(store, tenantId);
    await store.runs.finish(tenantId, run.id, {
      status: 'partial',
      counts: { ...emptyRunCounts(), pulled: 3, new: 3, failed: 1 },
      cursorAfter: null,
      nodeTraces: [],
    });

    expect(
      (await editor.get(`/api/runs?integrationId=${integration.id}&status=partial`)).json.items,
    ).toHaveLength(1);
    expect((await editor.get('/api/runs?status=nonsense')).json.error.code).toBe('validation_failed');
    expect((await editor.get(`/api/runs/${run.id}`)).json).toMatchObject({
      status: 'partial',
      nodeTraces: [],
    });
    expect((await editor.get('/api/records?q=pg-00001')).json.items.map((r: { id: string }) => r.id)).toEqual(
      [record.id],
    );
    expect((await editor.get('/api/records?status=failed')).json.items).toHaveLength(1);
    expect((await editor.get(`/api/records/${record.id}`)).json.status).toBe('failed');
    // The integration's health names the record that needs a person (no retry is planned for it).
    expect((await editor.get(`/api/integrations/${integration.id}`)).json.health).toEqual({
      state: 'attention',
      waitingForRetry: 0,
      needAttention: 1,
    });

    const exceptions = await editor.get(
      `/api/exceptions?integrationId=${integration.id}&kind=api-5xx&resolved=false`,
    );
    expect(exceptions.json.items.map((e: { id: string }) => e.id)).toEqual([exception.id]);
    expect(exceptions.json.items[0].record).toEqual({
      id: record.id,
      sourceId: record.sourceId,
      title: expect.any(String),
    });
    const resolved = await editor.post(`/api/exceptions/${exception.id}/resolve`);
    expect(resolved.json).toMatchObject({ resolvedBy: world.acme.users.editor.id });
    expect((await editor.get('/api/exceptions?resolved=false')).json.items).toEqual([]);

    const day = new Date().toISOString().slice(0, 10);
    const insights = await editor.get(
      `/api/insights?from=${day}T00:00:00.000Z&to=${new Date(Date.parse(day) + 86_400_000).toISOString()}`,
    );
    expect(insights.status).toBe(200);
    expect(insights.json.totals.runs).toBe(1);
    expect(
      (await editor.get('/api/insights?from=2026-02-01T00:00:00.000Z&to=2026-01-01T00:00:00.000Z')).status,
    ).toBe(400);
    // Days of the viewer's zone; a zone that is not one is refused with its name.
    const zoned = await editor.get(
      `/api/insights?from=${day}T00:00:00.000Z&to=${new Date(Date.parse(day) + 86_400_000).toISOString()}&zone=Pacific/Kiritimati`,
    );
    expect(zoned.status).toBe(200);
    expect(zoned.json.totals.runs).toBe(1);
    const badZone = await editor.get(
      `/api/insights?from=${day}T00:00:00.000Z&to=${day}T01:00:00.000Z&zone=Mars/Olympus`,
    );
    expect(badZone).toMatchObject({
      status: 400,
      json: { error: { message: expect.stringContaining('Mars/Olympus') } },
    });

    const replayed = await editor.post(`/api/runs/${run.id}/replay`);
    expect(replayed).toMatchObject({ status: 202, json: { requeued: 1 } });
    expect((await editor.get(`/api/records/${record.id}`)).json.status).toBe('initiated');
    await world.store.records.markFailed(tenantId, record.id, {
      runId: null,
      error: 'again',
      nextAttemptAt: null,
    });
    expect((await editor.post('/api/records/replay', { recordIds: [record.id] })).json.requeued).toBe(1);
    expect((await editor.post('/api/records/replay', { recordIds: [] })).status).toBe(400);
  });

  it('serves the node types with their config schemas, and a readable reference page', async () => {
    const types = await editor.get('/api/node-types');
    expect(types.json.items.map((t: { type: string }) => t.type)).toEqual([
      'source',
      'filter',
      'field-map',
      'status-map',
      'lookup',
      'destination',
    ]);
    const page = await world.anonymous().get('/api/docs');
    expect(page.text).toContain('<code>/api/integrations/{id}/activate</code>');
  });
});
