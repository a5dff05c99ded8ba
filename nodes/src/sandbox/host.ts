import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { BATCH_RUNNER_SOURCE } from './batch-runner-source.js';
import { HOST_SOURCE } from './host-source.js';

export interface HostOptions {
  bodiesJson: string;
  memoryLimitMb: number;
  timeoutMs: number;
}

export type HostAnswer =
  | { ok: true; json: string }
  /** The isolate failed (time, memory, error): `disposed` when isolated-vm disposed it itself. */
  | { ok: false; reason: string; disposed: boolean; crashed: false }
  /** The host process died (a giant allocation aborts it) or stopped answering. */
  | { ok: false; reason: string; disposed: true; crashed: true };

interface Pending {
  child: ChildProcess;
  seq: number;
  settle: (answer: HostAnswer) => void;
  watchdog: NodeJS.Timeout;
}

const isolatedVmPath = createRequire(import.meta.url).resolve('isolated-vm');
/** How long past its own time limit a batch may go unanswered before the host is killed. */
const WATCHDOG_GRACE_MS = 15_000;

/**
 * The process that hosts one sandbox's isolate. It starts on the first batch and again after it
 * dies; it runs with an empty environment, so not even the host process holds a secret.
 */
export class SandboxHost {
  private child: ChildProcess | undefined;
  private pending: Pending | undefined;
  private seq = 0;

  constructor(private readonly options: HostOptions) {}

  /** Runs one batch; the caller sends one at a time. */
  run(idsJson: string, recordsJson: string): Promise<HostAnswer> {
    const child = this.child ?? this.start();
    const seq = ++this.seq;
    return new Promise<HostAnswer>((resolve) => {
      const watchdog = setTimeout(
        () => this.crash(child, `it did not answer within ${this.options.timeoutMs + WATCHDOG_GRACE_MS} ms`),
        this.options.timeoutMs + WATCHDOG_GRACE_MS,
      );
      this.pending = { child, seq, settle: resolve, watchdog };
      child.ref();
      child.send({ type: 'batch', seq, idsJson, recordsJson });
    });
  }

  close(): void {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }

  private start(): ChildProcess {
    const child = spawn(process.execPath, ['--no-node-snapshot', '-e', HOST_SOURCE, isolatedVmPath], {
      env: {},
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    child.on('message', (answer: { seq: number } & HostAnswer) => this.settle(child, answer.seq, answer));
    child.on('exit', (code, signal) => this.crash(child, `it exited (${signal ?? `code ${code}`})`));
    child.on('error', (error) => this.crash(child, error.message));
    child.send({
      type: 'init',
      runnerSource: BATCH_RUNNER_SOURCE,
      bodiesJson: this.options.bodiesJson,
      memoryLimitMb: this.options.memoryLimitMb,
      timeoutMs: this.options.timeoutMs,
    });
    this.child = child;
    return child;
  }

  private settle(child: ChildProcess, seq: number, answer: HostAnswer): void {
    const pending = this.pending;
    if (!pending || pending.child !== child || pending.seq !== seq) return;
    this.pending = undefined;
    clearTimeout(pending.watchdog);
    if (this.child === child) child.unref();
    pending.settle(answer);
  }

  private crash(child: ChildProcess, why: string): void {
    if (this.child === child) this.child = undefined;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    const pending = this.pending;
    if (pending?.child !== child) return;
    this.settle(child, pending.seq, {
      ok: false,
      reason: `the sandbox process died: ${why}`,
      disposed: true,
      crashed: true,
    });
  }
}
