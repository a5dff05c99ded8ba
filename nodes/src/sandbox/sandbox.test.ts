import { afterEach, describe, expect, it } from 'vitest';
import { checkExpression, ExpressionCompileError } from './compile.js';
import { createSandbox } from './sandbox.js';
import type { ExpressionResult, Sandbox, SandboxOptions } from './sandbox.js';

const opened: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((sandbox) => sandbox.close()));
});

function sandboxWith(expressions: Record<string, string>, options: Omit<SandboxOptions, 'expressions'> = {}) {
  const sandbox = createSandbox({ expressions, ...options });
  opened.push(sandbox);
  return sandbox;
}

async function valueOf(source: string, record: unknown = {}): Promise<unknown> {
  const [result] = await sandboxWith({ probe: source }).evaluate('probe', [record]);
  if (!result?.ok) throw new Error(`expected a value, got ${JSON.stringify(result)}`);
  return result.value;
}

const issue = (n: number) => ({ uid: `i-${n}`, title: `leak ${n}`, due_at: '2024-03-05T14:07:09+01:00' });

describe('expression sandbox', () => {
  it('applies every expression to every record of a batch', async () => {
    const sandbox = sandboxWith({ title: 'text.upper(record.title)', ref: '"PG-" + record.uid' });
    const results = await sandbox.evaluateBatch([issue(1), issue(2)]);
    expect(results).toEqual([
      { title: { ok: true, value: 'LEAK 1' }, ref: { ok: true, value: 'PG-i-1' } },
      { title: { ok: true, value: 'LEAK 2' }, ref: { ok: true, value: 'PG-i-2' } },
    ]);
  });

  it('evaluates only the requested expressions', async () => {
    const sandbox = sandboxWith({ title: 'record.title', uid: 'record.uid' });
    expect(await sandbox.evaluateBatch([issue(1)], ['uid'])).toEqual([{ uid: { ok: true, value: 'i-1' } }]);
    await expect(sandbox.evaluate('nope', [issue(1)])).rejects.toThrow('Unknown expression id(s): nope');
  });

  it('a throwing expression fails only its record and the batch continues', async () => {
    const sandbox = sandboxWith({ first: 'record.assignees[0].email' });
    const results = await sandbox.evaluate('first', [
      { assignees: [{ email: 'a@x.io' }] },
      { assignees: [] },
      { assignees: [{ email: 'c@x.io' }] },
    ]);
    expect(results[0]).toEqual({ ok: true, value: 'a@x.io' });
    expect(results[1]).toMatchObject({
      ok: false,
      error: { kind: 'error', message: expect.stringMatching(/^TypeError/) },
    });
    expect(results[2]).toEqual({ ok: true, value: 'c@x.io' });
  });

  it('a value that cannot be copied out fails its record only', async () => {
    const results = await sandboxWith({ big: 'record.n === 1 ? 10n : record.n' }).evaluate('big', [
      { n: 1 },
      { n: 2 },
    ]);
    expect(results[0]).toMatchObject({ ok: false, error: { message: expect.stringContaining('BigInt') } });
    expect(results[1]).toEqual({ ok: true, value: 2 });
  });

  it('an expression that yields undefined succeeds without a value', async () => {
    expect(await valueOf('record.missing')).toBeUndefined();
  });

  describe('helpers', () => {
    it('formats an ISO-8601 date with an offset as a ServiceNow UTC date-time', async () => {
      expect(await valueOf('date.serviceNow(record.due_at)', issue(1))).toBe('2024-03-05 13:07:09');
      expect(await valueOf('date.serviceNow("2024-03-05T13:07:09.999Z")')).toBe('2024-03-05 13:07:09');
      expect(await valueOf('date.serviceNow(Date.UTC(2024, 2, 5, 13, 7, 9))')).toBe('2024-03-05 13:07:09');
    });

    it('reads ServiceNow date-times and zone-less ISO times as UTC', async () => {
      expect(await valueOf('date.iso("2024-03-05 13:07:09")')).toBe('2024-03-05T13:07:09.000Z');
      expect(await valueOf('date.iso("2024-03-05T13:07")')).toBe('2024-03-05T13:07:00.000Z');
      expect(await valueOf('date.format("2024-03-05T13:07:09.045Z", "DD/MM/YYYY HH:mm:ss.SSS")')).toBe(
        '05/03/2024 13:07:09.045',
      );
    });

    it('turns empty and unparseable dates into null', async () => {
      expect(await valueOf('[date.parse(""), date.serviceNow("next week"), date.iso(null)]')).toEqual([
        null,
        null,
        null,
      ]);
    });

    it('changes case, trims and pads text, keeping null as null', async () => {
      expect(
        await valueOf(
          '[text.upper("ab"), text.lower("AB"), text.trim("  a "), text.padStart(7, 3, "0"), text.padEnd("a", 3, "."), text.upper(null)]',
        ),
      ).toEqual(['AB', 'ab', 'a', '007', 'a..', null]);
    });

    it('parses numbers from text', async () => {
      expect(
        await valueOf(
          '[num.parse(" 42 "), num.parse("1,234.5"), num.parse("-0.5"), num.parse("abc"), num.parse(""), num.parse(7)]',
        ),
      ).toEqual([42, 1234.5, -0.5, null, null, 7]);
    });

    it('coalesce returns the first value that is not empty', async () => {
      expect(await valueOf('coalesce(record.a, record.b, record.c, "none")', { b: '', c: 0 })).toBe(0);
      expect(await valueOf('coalesce(record.a, null)')).toBeNull();
    });

    it('helpers cannot be replaced by an expression', async () => {
      const sandbox = sandboxWith({ clobber: '(globalThis.text = 1, text.upper("a"))' });
      expect(await sandbox.evaluate('clobber', [{}])).toEqual([{ ok: true, value: 'A' }]);
    });
  });

  describe('isolation from the host', () => {
    it.each([
      ['process', 'process.env'],
      ['require', 'require("fs")'],
      ['fetch', 'fetch("http://127.0.0.1")'],
      ['setTimeout', 'setTimeout(() => 0, 1)'],
      ['the constructor trick', 'this.constructor.constructor("return process")()'],
      ['the constructor trick through the record', 'record.constructor.constructor("return process")().env'],
    ])('%s is unreachable', async (_name, source) => {
      const [result] = await sandboxWith({ escape: source }).evaluate('escape', [{}]);
      expect(result).toMatchObject({
        ok: false,
        error: { kind: 'error', message: expect.stringMatching(/^ReferenceError: \w+ is not defined/) },
      });
    });

    it('no host global exists inside', async () => {
      expect(
        await valueOf('[typeof process, typeof require, typeof fetch, typeof setTimeout, typeof Buffer]'),
      ).toEqual(Array(5).fill('undefined'));
    });
  });

  describe('limits', () => {
    const counter = 'globalThis.batches = (globalThis.batches ?? 0) + 1';

    it('stops an endless loop at the time limit and runs the next batch on a fresh isolate', async () => {
      const sandbox = sandboxWith(
        { loop: 'record.loop ? (() => { while (true) {} })() : 1', counter },
        { timeoutMs: 200 },
      );
      expect(await sandbox.evaluate('counter', [{}])).toEqual([{ ok: true, value: 1 }]);

      const failed = await sandbox.evaluate('loop', [{ loop: false }, { loop: true }]);
      const timedOut: ExpressionResult = {
        ok: false,
        error: { kind: 'timeout', message: expect.stringContaining('200 ms') },
      };
      expect(failed).toEqual([timedOut, timedOut]);

      expect(await sandbox.evaluate('counter', [{}])).toEqual([{ ok: true, value: 1 }]);
    });

    it('stops a 1 GB allocation at the memory limit and runs the next batch on a fresh isolate', async () => {
      // 1 GB in 1 MB arrays. One single giant array aborts the process hosting the isolate instead
      // (laverdet/isolated-vm#107); escape-corpus.test.ts shows that process is replaced.
      const oneGigabyte =
        '(() => { const chunks = []; while (chunks.length < 1024) chunks.push(new Array(2 ** 17).fill(chunks.length)); return chunks.length; })()';
      const sandbox = sandboxWith({ hog: oneGigabyte, counter }, { memoryLimitMb: 64, timeoutMs: 30_000 });
      await sandbox.evaluate('counter', [{}]);
      expect(await sandbox.evaluate('counter', [{}])).toEqual([{ ok: true, value: 2 }]);

      const [result] = await sandbox.evaluate('hog', [{}]);
      expect(result).toMatchObject({
        ok: false,
        error: { kind: 'memory', message: expect.stringContaining('64 MB') },
      });

      expect(await sandbox.evaluate('counter', [{}])).toEqual([{ ok: true, value: 1 }]);
    });

    it('an allocation refused inside an expression fails its record as memory', async () => {
      const [result] = await sandboxWith({ buffer: 'new Uint8Array(2 ** 30).length' }).evaluate('buffer', [
        {},
      ]);
      expect(result).toMatchObject({ ok: false, error: { kind: 'memory' } });
    });
  });

  describe('compiling', () => {
    it('reports every expression that does not compile by its id', () => {
      const create = () =>
        createSandbox({ expressions: { ok: 'record.a', due: 'date.serviceNow(record.due_at', title: '' } });
      expect(create).toThrow(ExpressionCompileError);
      expect(create).toThrow(
        /Expression "due" does not compile: line 1, column 30: the expression ends too early, after "…iceNow\(record.due_at": something is missing; Expression "title" does not compile: line 1, column 1: the expression is empty/,
      );
    });

    it('checks an expression without running it', () => {
      expect(checkExpression('(() => { throw new Error("ran") })()')).toEqual({ ok: true });
      expect(checkExpression('record.a // trailing comment')).toEqual({ ok: true });
    });

    it('rejects statements smuggled past the expression wrapper, saying where', () => {
      expect(checkExpression('1); globalThis.x = 1; (2')).toMatchObject({ ok: false, line: 1, column: 2 });
      expect(checkExpression('1; 2')).toEqual({
        ok: false,
        line: 1,
        column: 2,
        message:
          'line 1, column 2: unexpected ";" after the expression: an expression is one value, not statements',
      });
    });

    it('says where an expression stops making sense, by line and column', () => {
      expect(checkExpression('record.title +')).toEqual({
        ok: false,
        line: 1,
        column: 15,
        message:
          'line 1, column 15: the expression ends too early, after "record.title +": something is missing',
      });
      expect(checkExpression('text.upper(\n  record.title,,\n)')).toMatchObject({
        ok: false,
        line: 2,
        column: 16,
        message: expect.stringContaining('unexpected token'),
      });
      expect(checkExpression('record.a // trailing comment\n')).toEqual({ ok: true });
    });
  });

  it('a closed sandbox refuses further batches', async () => {
    const sandbox = sandboxWith({ a: '1' });
    await sandbox.evaluate('a', [{}]);
    await sandbox.close();
    await expect(sandbox.evaluate('a', [{}])).rejects.toThrow('closed');
  });
});
