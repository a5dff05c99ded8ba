import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiWorld, type ApiWorld } from '../testing/api-world.js';

describe('operations routes', () => {
  let world: ApiWorld;
  beforeEach(async () => {
    world = await apiWorld();
  });
  afterEach(() => world.close());

  it('answers /healthz with the store kind and /readyz when the store answers', async () => {
    const client = world.anonymous();
    expect((await client.get('/healthz')).json).toEqual({ status: 'ok', store: 'sqlite' });
    expect((await client.get('/readyz')).status).toBe(200);
    await world.store.close();
    expect(await client.get('/readyz')).toMatchObject({
      status: 503,
      json: { status: 'unavailable', store: false },
    });
  });

  it('in queue mode, /readyz also needs Redis to answer', async () => {
    let redis = true;
    world.deps.queue = { ping: async () => redis };
    const client = world.anonymous();
    expect((await client.get('/readyz')).json).toEqual({ status: 'ready', store: true, redis: true });
    redis = false;
    expect(await client.get('/readyz')).toMatchObject({
      status: 503,
      json: { status: 'unavailable', store: true, redis: false },
    });
  });

  it('exposes Prometheus metrics for requests and runs', async () => {
    await world.anonymous().get('/healthz');
    world.deps.metrics.runFinished({
      status: 'partial',
      counts: { pulled: 3, new: 3, changed: 0, unchanged: 0, skipped: 0, created: 2, updated: 0, failed: 1 },
    } as never);
    world.deps.metrics.pushed('created', 0.042);
    const text = (await world.anonymous().get('/metrics')).text;
    expect(text).toContain('isync_http_requests_total{method="GET",route="/healthz",status="200"} 1');
    expect(text).toContain('isync_runs_total{status="partial"} 1');
    expect(text).toContain('isync_records_total{outcome="created"} 2');
    expect(text).toContain('isync_push_duration_seconds_count{outcome="created"} 1');
    expect(text).toContain('isync_queue_depth 0');
  });

  it('answers an unknown route with a JSON 404 and tags every answer with a request id', async () => {
    const answer = await world.anonymous().get('/api/nothing-here');
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({
      error: { code: 'not_found', message: 'No route for GET /api/nothing-here.', details: {} },
    });
    expect(answer.headers.get('x-request-id')).toBeTruthy();
  });

  it('refuses a body over 1 MB with 413 and malformed JSON with 400', async () => {
    const client = await world.as(world.acme.users.editor);
    const huge = await client.post('/api/integrations', { title: 'x', description: 'y'.repeat(1_100_000) });
    expect(huge).toMatchObject({ status: 413, json: { error: { code: 'payload_too_large' } } });
    const broken = await client.request('POST', '/api/integrations', '{"title": ');
    expect(broken.status).toBe(400);
    expect(broken.json.error.code).toBeDefined();
  });
});
