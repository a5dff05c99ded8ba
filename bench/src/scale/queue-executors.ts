import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Executor processes of queue mode, started the way a deployment starts them (`main.ts --role executor`,
 * configured by environment): BullMQ workers on one Redis prefix over one store. Each serves its probes on a
 * loopback port of its own; it is ready when `/readyz` answers 200.
 */
export interface QueueExecutor {
  name: string;
  pid: number;
  /** What the process logged (warnings and errors), for a failure's message. */
  log(): string;
  /** Whether it has ended (it should not before `stop`). */
  ended(): boolean;
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface QueueExecutorSettings {
  /** The data directory of the SQLite store the executors share (when `MONGODB_URL` is unset). */
  dataDir: string;
  redisUrl: string;
  prefix: string;
  masterKey: string;
  concurrency: number;
  /** Where each executor's log file goes. */
  logDir: string;
}

export async function startQueueExecutor(
  name: string,
  settings: QueueExecutorSettings,
): Promise<QueueExecutor> {
  const port = await freePort();
  const logFile = join(settings.logDir, `${name}.log`);
  const out = openSync(logFile, 'w');
  const child: ChildProcess = spawn(
    process.execPath,
    ['--no-node-snapshot', '--import', 'tsx', 'api/src/main.ts', '--role', 'executor'],
    {
      cwd: ROOT,
      stdio: ['ignore', out, out],
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        // The store the bench set up: its SQLite file, whatever this shell says of MongoDB.
        MONGODB_URL: '',
        ISYNC_DATA_DIR: settings.dataDir,
        REDIS_URL: settings.redisUrl,
        ISYNC_QUEUE_PREFIX: settings.prefix,
        ISYNC_MASTER_KEY: settings.masterKey,
        ISYNC_EXECUTOR_CONCURRENCY: String(settings.concurrency),
        // The simulators listen on loopback, below the platform's outbound floor: the operator's exception.
        ISYNC_ALLOWED_HOSTS: '127.0.0.1',
      },
    },
  );
  closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const log = () => readFileSync(logFile, 'utf8');
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`executor ${name} ended at start:\n${log()}`);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (attempt > 600) {
      child.kill('SIGKILL');
      throw new Error(`executor ${name} was not ready within a minute:\n${log()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    name,
    pid: child.pid!,
    log,
    ended: () => child.exitCode !== null || child.signalCode !== null,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // SIGTERM: the runs in hand finish their batch (bounded by the scheduler's grace), then it exits.
      child.kill('SIGTERM');
      const killed = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(killed);
    },
  };
}
