import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SimulatorWorld } from './world.js';

const WORKER = fileURLToPath(new URL('./worker-process.ts', import.meta.url));
const EXECUTOR_DIR = fileURLToPath(new URL('../..', import.meta.url));

export interface ChildWorker {
  pid: number;
  /** Resolves once the child printed what `readyWhen` matches (with the match); rejects if it exits before. */
  ready: Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
  /** What it wrote to stderr (its warnings and errors), for failure messages. */
  stderr(): string;
  /** What it wrote to stdout (the last 20 000 characters). */
  stdout(): string;
}

export interface ChildOptions {
  /** A TypeScript file run through tsx. */
  script: string;
  args?: string[];
  cwd: string;
  /** Added to this process's environment. */
  env?: Record<string, string>;
  /** What on stdout says the child is ready (default: "ready"). */
  readyWhen?: RegExp;
}

/** Starts a TypeScript program as a child process (Node through tsx) and watches for it to be ready. */
export function spawnChild({
  script,
  args = [],
  cwd,
  env = {},
  readyWhen = /ready/,
}: ChildOptions): ChildWorker {
  const child = spawn(process.execPath, ['--no-node-snapshot', '--import', 'tsx', script, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<RegExpMatchArray>((resolve, reject) => {
    let seen = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout = (stdout + chunk).slice(-20_000);
      seen += chunk;
      const match = seen.match(readyWhen);
      if (match) {
        seen = '';
        resolve(match);
      }
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`${script} exited before it was ready (${code ?? signal}): ${stderr}`)),
    );
  });
  ready.catch(() => undefined);
  return {
    pid: child.pid!,
    ready,
    exited,
    kill: (signal) => child.kill(signal),
    stderr: () => stderr,
    stdout: () => stdout,
  };
}

/** Starts `worker-process.ts` as a child process over the world's store; see that file for `env`. */
export function spawnWorker(
  w: Pick<SimulatorWorld, 'file' | 'masterKey'>,
  executorId: string,
  env: Record<string, string> = {},
): ChildWorker {
  return spawnChild({
    script: WORKER,
    cwd: EXECUTOR_DIR,
    env: {
      ISYNC_TEST_DB: w.file,
      ISYNC_MASTER_KEY: w.masterKey,
      ISYNC_EXECUTOR_ID: executorId,
      ...env,
    },
  });
}
