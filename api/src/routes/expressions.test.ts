import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiWorld, type ApiWorld } from '../testing/api-world.js';

describe('expression helpers and preview', () => {
  let world: ApiWorld;
  beforeEach(async () => {
    world = await apiWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  it('lists the helpers with a signature, a one-line doc and an example', async () => {
    const viewer = await world.as(world.acme.users.viewer);
    const helpers = (await viewer.get('/api/expressions/helpers')).json.items;
    expect(helpers).toContainEqual({
      name: 'text.upper',
      signature: 'text.upper(value)',
      doc: expect.any(String),
      example: 'text.upper(record.title)',
    });
  });

  it('previews a result on a sample record or on a synced record, and says where a syntax error is', async () => {
    const editor = await world.as(world.acme.users.editor);
    const preview = (body: unknown) => editor.post('/api/expressions/preview', body);
    expect((await preview({ expression: "'PG-' + record.number", record: { number: 7 } })).json).toEqual({
      ok: true,
      value: 'PG-7',
    });
    expect((await preview({ expression: 'text.upper(\n  record.title +\n)', record: {} })).json).toEqual({
      ok: false,
      error: {
        kind: 'syntax',
        line: 3,
        column: 1,
        message: expect.stringContaining('line 3, column 1'),
      },
    });
    expect((await preview({ expression: 'record.title', recordId: 'nope' })).status).toBe(404);
    expect((await preview({ expression: 'x'.repeat(4001) })).status).toBe(400);
  });

  it('stops at the time and memory limits and reaches nothing of the host', async () => {
    const editor = await world.as(world.acme.users.editor);
    const preview = async (expression: string) =>
      (await editor.post('/api/expressions/preview', { expression, record: {} })).json;
    expect(await preview('(() => { for (;;) {} })()')).toMatchObject({
      ok: false,
      error: { kind: 'timeout' },
    });
    expect(
      await preview('(() => { const a = []; for (;;) a.push(new Array(1e6).fill(1)); })()'),
    ).toMatchObject({ ok: false, error: { kind: expect.stringMatching(/memory|timeout/) } });
    for (const probe of [
      'process.exit(1)',
      'require("child_process")',
      'globalThis.constructor.constructor("return process")()',
    ]) {
      expect(await preview(probe), probe).toMatchObject({ ok: false, error: { kind: 'error' } });
    }
    // The server is still there.
    expect((await editor.get('/api/expressions/helpers')).status).toBe(200);
  });

  it('lets only roles that edit integrations run previews', async () => {
    const viewer = await world.as(world.acme.users.viewer);
    expect((await viewer.post('/api/expressions/preview', { expression: '1', record: {} })).status).toBe(403);
  });
});
