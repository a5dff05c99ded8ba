import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Answer, SimAnswers, SimRequest } from './protocol.js';

/** The simulators running in a child process, asked over IPC. */
export interface SimulatorProcess {
  /** The child's process id (its CPU is not the executor's). */
  pid: number;
  ask<R extends SimRequest>(request: R): Promise<SimAnswers[R['op']]>;
  close(): Promise<void>;
}

export async function startSimulatorProcess(): Promise<SimulatorProcess> {
  const entry = fileURLToPath(new URL('./simulators-process.ts', import.meta.url));
  const child: ChildProcess = fork(entry, [], {
    // BENCH_CHILD_CPU_PROF=<dir> profiles the simulators too (the bench itself: node --cpu-prof).
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_CHILD_CPU_PROF
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CHILD_CPU_PROF}`]
        : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let exited = false;

  const ready = new Promise<void>((resolve, reject) => {
    pending.set(0, { resolve: () => resolve(), reject });
  });
  child.on('message', (message: Answer) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message.value);
    else waiter.reject(new Error(`simulators: ${message.error}`));
  });
  child.once('exit', (code, signal) => {
    exited = true;
    for (const waiter of pending.values())
      waiter.reject(new Error(`the simulator process exited (${signal ?? code})`));
    pending.clear();
  });
  await ready;

  return {
    pid: child.pid!,
    ask<R extends SimRequest>(request: R) {
      return new Promise<SimAnswers[R['op']]>((resolve, reject) => {
        if (exited) return reject(new Error('the simulator process is gone'));
        const id = nextId++;
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, ...request });
      });
    },
    async close() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
