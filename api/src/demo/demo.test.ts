/*
 * The first minute of a newcomer: the real `main.ts --demo` as a child process, on its own data dir and
 * free ports, signed in as the printed demo user over HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@isync/core';
import { spawnChild, until, type ChildWorker } from '@isync/executor/testing';
import { ApiClient, overHttp } from '../testing/api-world.js';
import { demoRequested } from './index.js';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** A port nothing listens on right now (PORT=0 would not tell the simulators' ports to the test). */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

describe('demo mode: npm start -- --demo', () => {
  it('starts only when asked, and only in the all-in-one process', () => {
    const argv = (...args: string[]) => ['node', 'main.ts', ...args];
    expect(demoRequested(loadConfig({}), argv())).toBe(false);
    expect(demoRequested(loadConfig({}), argv('--demo'))).toBe(true);
    expect(demoRequested(loadConfig({ ISYNC_DEMO: '1' }), argv())).toBe(true);
    expect(
      demoRequested(loadConfig({ ISYNC_ROLE: 'api', REDIS_URL: 'redis://127.0.0.1:6379' }), argv('--demo')),
    ).toBe(false);
  });

  it('syncs within 90 s for the printed demo user, stops cleanly, and a restart duplicates nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isync-demo-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const [port, plangridPort, nuvoloPort] = [await freePort(), await freePort(), await freePort()];
    const start = () => {
      const child = spawnChild({
        script: MAIN,
        args: ['--demo'],
        cwd: ROOT,
        env: {
          HOST: '127.0.0.1',
          PORT: String(port),
          PLANGRID_PORT: String(plangridPort),
          NUVOLO_PORT: String(nuvoloPort),
          ISYNC_DATA_DIR: dir,
          LOG_LEVEL: 'warn',
        },
        readyWhen: /Sign in as (\S+) \/ (\S+)/,
      });
      cleanups.push(async () => {
        child.kill('SIGKILL');
        await child.exited;
      });
      return child;
    };
    const signIn = async (child: ChildWorker) => {
      const [, email, password] = await child.ready;
      expect(child.stdout()).toContain(`open http://127.0.0.1:${port}`);
      const client = new ApiClient(overHttp(`http://127.0.0.1:${port}`), { logLines: [], responses: [] });
      await client.login(email!, password);
      return client;
    };
    const stop = async (child: ChildWorker) => {
      child.kill('SIGTERM');
      return child.exited;
    };

    const first = start();
    const demo = await signIn(first);
    await expect(first.ready).resolves.toEqual(expect.arrayContaining(['demo@isync.local', 'isync-demo']));
    type RunItem = { status: string; counts: { created: number } };
    let runs: RunItem[] = [];
    await until(
      async () => {
        runs = (await demo.get('/api/runs?status=succeeded')).json.items as RunItem[];
        return runs.some((run) => run.counts.created > 0);
      },
      'a succeeded run created records',
      90_000,
    );
    expect(runs.find((run) => run.counts.created > 0)).toMatchObject({ status: 'succeeded' });
    const integrations = (await demo.get('/api/integrations')).json.items;
    expect(integrations).toMatchObject([
      {
        status: 'active',
        templateId: 'plangrid-issues-to-nuvolo-work-orders',
        schedule: { everySeconds: 60 },
      },
    ]);
    expect(await stop(first)).toEqual({ code: 0, signal: null });

    const second = start();
    const again = await signIn(second);
    expect((await again.get('/api/integrations')).json.items.map((i: { id: string }) => i.id)).toEqual([
      integrations[0].id,
    ]);
    expect((await again.get('/api/connections')).json.items).toHaveLength(2);
    const users = (await again.get('/api/users')).json.items;
    expect(users.filter((u: { email: string }) => u.email === 'demo@isync.local')).toHaveLength(1);
    expect(await stop(second)).toEqual({ code: 0, signal: null });
  }, 180_000);
});
