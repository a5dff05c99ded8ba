import { describe, expect, it } from 'vitest';
import { EXPRESSION_HELPERS, HELPER_INVENTORY_EXPRESSION } from './helpers-doc.js';
import { previewExpression } from './preview.js';

describe('expression helpers and previews', () => {
  it('documents exactly the helpers the isolate has', async () => {
    const answer = await previewExpression(HELPER_INVENTORY_EXPRESSION, {});
    expect(answer).toMatchObject({ ok: true });
    const installed = (answer as { value: string[] }).value;
    expect(EXPRESSION_HELPERS.map((h) => h.name).sort()).toEqual([...installed].sort());
  });

  it('every documented example runs', async () => {
    const record = {
      due_at: '2026-03-01T12:00:00Z',
      updated_at: '2026-03-01T12:00:00Z',
      title: 'Leak',
      description: ' x ',
      number: 42,
      room: 'B-201',
      cost: '1,234.5',
      assigned_to: { email: 'A@B.C' },
    };
    for (const helper of EXPRESSION_HELPERS) {
      expect(await previewExpression(helper.example, record), helper.example).toMatchObject({ ok: true });
    }
  });

  it('previews a value on a sample record, and says where a syntax error is', async () => {
    expect(await previewExpression("'PG-' + text.upper(record.title)", { title: 'leak' })).toEqual({
      ok: true,
      value: 'PG-LEAK',
    });
    expect(await previewExpression('record.title +', { title: 'x' })).toEqual({
      ok: false,
      error: {
        kind: 'syntax',
        line: 1,
        column: 15,
        message:
          'line 1, column 15: the expression ends too early, after "record.title +": something is missing',
      },
    });
  });

  it('stops at the time and memory limits and reaches nothing of the host', async () => {
    expect(await previewExpression('(() => { while (true) {} })()', {})).toMatchObject({
      ok: false,
      error: { kind: 'timeout' },
    });
    const hog = await previewExpression(
      '(() => { const a = []; for (;;) a.push(new Array(1e6).fill(1)); })()',
      {},
      { timeoutMs: 5000, memoryLimitMb: 16 },
    );
    expect(hog).toMatchObject({ ok: false, error: { kind: 'memory' } });
    for (const probe of ['process.env', 'require("fs")', 'fetch("http://127.0.0.1")']) {
      expect(await previewExpression(probe, {}), probe).toMatchObject({
        ok: false,
        error: { kind: 'error' },
      });
    }
  });
});
