import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { conflictMessage } from '@isync/executor';
import { apiWorld, type ApiWorld } from '../testing/api-world.js';
import { failedPush } from '../testing/failed-push.js';
import { HELD_STATUS_CONFLICT, holdConflict } from '../testing/held-conflict.js';

/*
 * Deciding a conflict held for review (issue 21) through HTTP: who may, what is answered, and what the
 * record and the inbox say afterwards. The run that writes the decision is the engine's (templates' tests).
 */

describe('POST /api/records/{id}/conflicts/decide', () => {
  let world: ApiWorld;
  beforeEach(async () => {
    world = await apiWorld();
  });
  afterEach(() => world.close());

  /** A record holding a conflict on `status`, with its exception in the inbox. */
  const aHeldConflict = async () => {
    const tenantId = world.acme.tenant.id;
    const failed = await failedPush(world.store, tenantId);
    await holdConflict(world.store, tenantId, failed.record.id);
    const [exception] = await world.store.exceptions.add(tenantId, [
      {
        integrationId: failed.integration.id,
        runId: failed.run.id,
        phase: 'push',
        kind: 'conflict',
        message: conflictMessage(HELD_STATUS_CONFLICT),
        httpStatus: null,
        responseSnippet: null,
        nodeId: 'destination',
        recordId: failed.record.id,
      },
    ]);
    return { ...failed, conflict: exception! };
  };

  it('keeps the chosen side: the record goes back in line, the conflict is resolved by the person', async () => {
    const { record, conflict } = await aHeldConflict();
    const admin = world.acme.users['tenant-admin'];
    const client = await world.as(admin);
    const answer = await client.post(`/api/records/${record.id}/conflicts/decide`, {
      sourceField: 'status',
      keep: 'destination',
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      id: record.id,
      status: 'update-request',
      pair: { held: [{ sourceField: 'status', decision: 'destination', decidedBy: admin.id }] },
    });
    const resolved = await world.store.exceptions.get(world.acme.tenant.id, conflict.id);
    expect(resolved).toMatchObject({ resolvedBy: admin.id });
    const timeline = await client.get(`/api/records/${record.id}/timeline`);
    expect(timeline.json.events.at(-1)).toMatchObject({
      from: 'failed',
      to: 'update-request',
      detail: { decided: { sourceField: 'status', keep: 'destination', value: '6', by: admin.id } },
    });
    // Decided once: asking again finds nothing left to decide.
    const again = await client.post(`/api/records/${record.id}/conflicts/decide`, {
      sourceField: 'status',
      keep: 'source',
    });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('nothing_to_decide');
  });

  it('refuses viewers, unknown fields and records, another tenant, and malformed bodies', async () => {
    const { record } = await aHeldConflict();
    const viewer = await world.as(world.acme.users.viewer);
    const decide = { sourceField: 'status', keep: 'source' };
    expect((await viewer.post(`/api/records/${record.id}/conflicts/decide`, decide)).status).toBe(403);
    const admin = await world.as(world.acme.users['tenant-admin']);
    const unknownField = await admin.post(`/api/records/${record.id}/conflicts/decide`, {
      sourceField: 'title',
      keep: 'source',
    });
    expect(unknownField.status).toBe(409);
    expect(unknownField.json.error.message).toContain('holds no conflict on title');
    expect((await admin.post('/api/records/nope/conflicts/decide', decide)).status).toBe(404);
    const stranger = await world.as(world.globex.users['tenant-admin']);
    expect((await stranger.post(`/api/records/${record.id}/conflicts/decide`, decide)).status).toBe(404);
    const malformed = await admin.post(`/api/records/${record.id}/conflicts/decide`, {
      sourceField: 'status',
      keep: 'both',
    });
    expect(malformed.status).toBe(400);
    // Nothing was decided by any of them.
    expect(
      (await world.store.records.get(world.acme.tenant.id, record.id))?.pair?.held[0]?.decision,
    ).toBeNull();
  });
});
