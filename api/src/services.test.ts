import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { generateMasterKey } from '@isync/core';
import { REDIS_URL, redisAvailable, testPrefix } from '@isync/executor/testing';

/*
 * What a process carries is memory on every executor: an embedded process must not load the MongoDB
 * driver, BullMQ or ioredis (together ~13 MB of live heap, which V8 lets grow ~4× before a full GC).
 * Both drivers are CommonJS packages, so a fresh process that opened its services can list them in
 * require.cache.
 */
const OPEN_AND_LIST = `
import { createRequire } from 'node:module';
import { createLogger, loadConfig } from '@isync/core';
import { openServices } from './src/services.ts';
import { Writable } from 'node:stream';
const logger = createLogger({ level: 'warn', destination: new Writable({ write: (_c, _e, done) => done() }) });
const services = await openServices(loadConfig(process.env), 'all', logger);
const loaded = Object.keys(createRequire(import.meta.url).cache)
  .map((file) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(file)?.[1])
  .filter((name) => name === 'mongodb' || name === 'bullmq' || name === 'ioredis');
await services.close();
console.log(JSON.stringify({ kind: services.deps.store.kind, loaded: [...new Set(loaded)].sort() }));
`;

async function modulesLoadedBy(env: Record<string, string>): Promise<{ kind: string; loaded: string[] }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--no-node-snapshot', '--import', 'tsx', '--input-type=module', '-e', OPEN_AND_LIST],
    { cwd: join(import.meta.dirname, '..'), env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { kind: string; loaded: string[] };
}

const redis = await redisAvailable();

describe('the services a process opens', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('an embedded process loads neither the MongoDB driver nor BullMQ and ioredis', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'isync-services-'));
    dirs.push(dataDir);
    const opened = await modulesLoadedBy({ ISYNC_DATA_DIR: dataDir });
    expect(opened).toEqual({ kind: 'sqlite', loaded: [] });
  });

  it.runIf(redis)('a queue-mode process loads BullMQ and ioredis', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'isync-services-'));
    dirs.push(dataDir);
    const queue = testPrefix();
    try {
      const opened = await modulesLoadedBy({
        ISYNC_DATA_DIR: dataDir,
        REDIS_URL,
        ISYNC_QUEUE_PREFIX: queue.prefix,
        ISYNC_MASTER_KEY: generateMasterKey(),
      });
      expect(opened).toEqual({ kind: 'sqlite', loaded: ['bullmq', 'ioredis'] });
    } finally {
      await queue.clean();
    }
  });
});
