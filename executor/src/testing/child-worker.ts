import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SyncWorld } from './harness.js';

const WORKER = fileURLToPath(new URL('./worker-process.ts', import.meta.url));
const EXECUTOR_DIR = fileURLToPath(new URL('../..', import.meta.url));

export interface ChildWorker {
  pid: number;
  /** Resolves once the worker schedules (it printed "ready"); rejects if it exits before. */
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
  /** What it wrote to stderr (its warnings and errors), for failure messages. */
  stderr(): string;
}

/** Starts `worker-process.ts` as a child process over the world's store; see that file for `env`. */
export function spawnWorker(w: SyncWorld, executorId: string, env: Record<string, string> = {}): ChildWorker {
  const child = spawn(process.execPath, ['--no-node-snapshot', '--import', 'tsx', WORKER], {
    cwd: EXECUTOR_DIR,
    env: {
      ...process.env,
      ISYNC_TEST_DB: w.file,
      ISYNC_MASTER_KEY: w.masterKey,
      ISYNC_EXECUTOR_ID: executorId,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('ready')) resolve();
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`the worker exited before it was ready (${code ?? signal}): ${stderr}`)),
    );
  });
  ready.catch(() => undefined);
  return {
    pid: child.pid!,
    ready,
    exited,
    kill: (signal) => child.kill(signal),
    stderr: () => stderr,
  };
}
