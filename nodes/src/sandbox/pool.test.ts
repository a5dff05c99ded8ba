import { afterEach, describe, expect, it } from 'vitest';
import { SandboxPool } from './pool.js';

const pools: SandboxPool[] = [];
const poolOf = (options: ConstructorParameters<typeof SandboxPool>[0] = {}) => {
  const pool = new SandboxPool(options);
  pools.push(pool);
  return pool;
};
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

describe('the sandbox pool', () => {
  it('reuses a plan’s isolate across runs: two runs, one host start', async () => {
    const pool = poolOf({ hosts: 1 });
    for (const run of [1, 2]) {
      const sandbox = pool.sandboxFor('tenant-a/integration-1/v1', { title: 'text.upper(record.title)' });
      expect(await sandbox.evaluate('title', [{ title: `run ${run}` }])).toEqual([
        { ok: true, value: `RUN ${run}` },
      ]);
      await sandbox.close();
    }
    expect(pool.hostStarts).toBe(1);
    // Compiled once: state an expression leaves in its isolate is still there at the next run.
    const counter = { count: '(globalThis.n = (globalThis.n ?? 0) + 1)' };
    await pool.sandboxFor('tenant-a/integration-2/v1', counter).evaluate('count', [{}]);
    expect(await pool.sandboxFor('tenant-a/integration-2/v1', counter).evaluate('count', [{}])).toEqual([
      { ok: true, value: 2 },
    ]);
  });

  it('never lets two plans — or two tenants — share an isolate, even in one host', async () => {
    const pool = poolOf({ hosts: 1 });
    const writer = pool.sandboxFor('tenant-a/integration-1/v1', { put: '(globalThis.secret = record.v, 1)' });
    await writer.evaluate('put', [{ v: 'a-secret' }]);
    const peek = { peek: "typeof globalThis.secret === 'undefined' ? 'nothing' : globalThis.secret" };
    expect(await pool.sandboxFor('tenant-b/integration-9/v1', peek).evaluate('peek', [{}])).toEqual([
      { ok: true, value: 'nothing' },
    ]);
    expect(await pool.sandboxFor('tenant-a/integration-1/v2', peek).evaluate('peek', [{}])).toEqual([
      { ok: true, value: 'nothing' },
    ]);
    expect(pool.hostStarts).toBe(1);
  });

  it('a host killed mid-batch fails only that batch; the next batch gets a new host', async () => {
    const pool = poolOf({ hosts: 1, timeoutMs: 10_000 });
    const slow = pool.sandboxFor('tenant-a/slow/v1', {
      spin: '(() => { const end = Date.now() + 3000; while (Date.now() < end) {} return 1; })()',
    });
    const steady = pool.sandboxFor('tenant-b/steady/v1', { one: '1' });
    expect(await steady.evaluate('one', [{}])).toEqual([{ ok: true, value: 1 }]);
    const spinning = slow.evaluate('spin', [{}, {}]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    pool.killHostOf('tenant-a/slow/v1');
    const failed = await spinning;
    expect(failed).toHaveLength(2);
    for (const result of failed) expect(result).toMatchObject({ ok: false, error: { kind: 'memory' } });
    // The other plan, on the same (now new) host, and the killed plan's next batch both run.
    expect(await steady.evaluate('one', [{}])).toEqual([{ ok: true, value: 1 }]);
    expect(await pool.sandboxFor('tenant-a/other/v1', { two: '2' }).evaluate('two', [{}])).toEqual([
      { ok: true, value: 2 },
    ]);
    expect(pool.hostStarts).toBe(2);
  });

  it('keeps at most maxPlans isolates, forgetting the least recently used', async () => {
    const pool = poolOf({ hosts: 1, maxPlans: 2 });
    for (const plan of ['t/a', 't/b', 't/c']) await pool.sandboxFor(plan, { x: '1' }).evaluate('x', [{}]);
    expect(pool.size).toBe(2);
    // A forgotten plan is defined again when it runs again.
    expect(await pool.sandboxFor('t/a', { x: '1' }).evaluate('x', [{}])).toEqual([{ ok: true, value: 1 }]);
  });
});
