import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiWorld, type ApiWorld } from '../testing/api-world.js';
import { jsonDepth, MAX_JSON_DEPTH } from './request-limits.js';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('malformed requests are 400s, never 500s', () => {
  let world: ApiWorld;
  beforeEach(async () => {
    world = await apiWorld();
  });
  afterEach(() => world.close());

  it.each(['/%', '/%E0%A4%A', '/api/%zz', '/assets/%C0', '/api/integrations/%E0%A4%A/flow', '/embed/%'])(
    'answers GET %s with a 400 in the error shape',
    async (path) => {
      const answer = await world.app.request(path);
      expect(answer.status).toBe(400);
      expect(await answer.json()).toMatchObject({ error: { code: 'bad_request' } });
    },
  );

  it('refuses JSON nested deeper than 64 levels, from anyone, before it reaches a route', async () => {
    const anonymous = world.anonymous();
    const tooDeep = await anonymous.post('/api/auth/login', nested(MAX_JSON_DEPTH + 1));
    expect(tooDeep).toMatchObject({ status: 400, json: { error: { code: 'too_deep' } } });
    const editor = await world.as(world.acme.users.editor);
    const id = (await editor.post('/api/integrations', { title: 'Deep', description: '' })).json.id;
    // A node config nested 4,200 levels deep (it once overflowed the stack in the store).
    const config = '{"next":'.repeat(4200) + '"leaf"' + '}'.repeat(4200);
    const flow = `{"schemaVersion":1,"nodes":[{"id":"source","type":"source","position":{"x":0,"y":0},"data":{"config":${config}}}],"edges":[]}`;
    const deepFlow = await editor.put(`/api/integrations/${id}/mappings`, `{"flow":${flow}}`);
    expect(deepFlow).toMatchObject({ status: 400, json: { error: { code: 'too_deep' } } });
    // The list still reads: nothing deep was stored.
    expect((await editor.get('/api/integrations')).status).toBe(200);
    // At the limit, the body goes on to its route (which says what it expected instead).
    const atLimit = await anonymous.post('/api/auth/login', nested(MAX_JSON_DEPTH));
    expect(atLimit.json.error.code).toBe('validation_failed');
  });

  it('counts nesting outside strings only', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[[{{{{"}]}')).toBe(3);
    expect(jsonDepth('"\\"[[["')).toBe(0);
    expect(jsonDepth(nested(100), 10)).toBe(11);
  });
});
