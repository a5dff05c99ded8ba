import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { BATCH_RUNNER_SOURCE } from './batch-runner-source.js';
import { checkExpressions, ExpressionCompileError, expressionFunctionBody } from './compile.js';
import type { HostAnswer } from './host.js';
import { sandboxOver, type Sandbox, type SandboxLogger } from './sandbox.js';
import { SHARED_HOST_SOURCE } from './shared-host-source.js';

export interface SandboxPoolOptions {
  /** Host processes shared by the plans (a plan always goes to the same one). Default 2. */
  hosts?: number;
  /** Plans whose isolates are kept; the least recently used is forgotten first. Default 64. */
  maxPlans?: number;
  /** A plan unused this long is forgotten. Default 10 minutes. */
  idleMs?: number;
  /** Memory limit of each plan's isolate. Default 64. */
  memoryLimitMb?: number;
  /** Time limit of one batch. Default 2000. */
  timeoutMs?: number;
  logger?: SandboxLogger;
}

const isolatedVmPath = createRequire(import.meta.url).resolve('isolated-vm');
/** How long past its own time limit a batch may go unanswered before the host is killed. */
const WATCHDOG_GRACE_MS = 15_000;

interface PlanLimits {
  memoryLimitMb: number;
  timeoutMs: number;
}

/**
 * One shared host process: it runs one batch at a time (in the order asked), defines a plan before its
 * first batch, and is started again — with its plans defined again on demand — after it dies.
 */
class SharedHost {
  private child: ChildProcess | undefined;
  private defined = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  private seq = 0;
  private inFlight: { child: ChildProcess; seq: number; settle: (a: HostAnswer) => void } | undefined;
  starts = 0;

  run(key: string, bodiesJson: string, limits: PlanLimits, idsJson: string, recordsJson: string) {
    const answer = this.queue.then(() => this.send(key, bodiesJson, limits, idsJson, recordsJson));
    this.queue = answer.catch(() => undefined);
    return answer;
  }

  forget(key: string): void {
    if (!this.defined.delete(key)) return;
    this.child?.send({ type: 'forget', key });
  }

  close(): void {
    const child = this.child;
    this.child = undefined;
    this.defined.clear();
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }

  private send(
    key: string,
    bodiesJson: string,
    limits: PlanLimits,
    idsJson: string,
    recordsJson: string,
  ): Promise<HostAnswer> {
    const child = this.child ?? this.start();
    if (!this.defined.has(key)) {
      child.send({ type: 'define', key, bodiesJson, ...limits });
      this.defined.add(key);
    }
    const seq = ++this.seq;
    return new Promise<HostAnswer>((resolve) => {
      const wait = limits.timeoutMs + WATCHDOG_GRACE_MS;
      const watchdog = setTimeout(() => this.crash(child, `it did not answer within ${wait} ms`), wait);
      this.inFlight = {
        child,
        seq,
        settle: (answer) => {
          clearTimeout(watchdog);
          resolve(answer);
        },
      };
      child.ref();
      child.send({ type: 'batch', seq, key, idsJson, recordsJson });
    });
  }

  private start(): ChildProcess {
    const child = spawn(
      process.execPath,
      ['--no-node-snapshot', '-e', SHARED_HOST_SOURCE, isolatedVmPath, BATCH_RUNNER_SOURCE],
      { env: {}, stdio: ['ignore', 'ignore', 'ignore', 'ipc'] },
    );
    this.starts += 1;
    child.on('message', (answer: { seq: number } & HostAnswer) => this.settle(child, answer.seq, answer));
    child.on('exit', (code, signal) => this.crash(child, `it exited (${signal ?? `code ${code}`})`));
    child.on('error', (error) => this.crash(child, error.message));
    this.child = child;
    this.defined.clear();
    return child;
  }

  private settle(child: ChildProcess, seq: number, answer: HostAnswer): void {
    const pending = this.inFlight;
    if (!pending || pending.child !== child || pending.seq !== seq) return;
    this.inFlight = undefined;
    if (this.child === child) child.unref();
    pending.settle(answer);
  }

  private crash(child: ChildProcess, why: string): void {
    if (this.child === child) {
      this.child = undefined;
      this.defined.clear();
    }
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    const pending = this.inFlight;
    if (pending?.child !== child) return;
    this.settle(child, pending.seq, {
      ok: false,
      reason: `the sandbox process died: ${why}`,
      disposed: true,
      crashed: true,
    });
  }

  /** For tests: kills the process as a crash would. */
  kill(): void {
    this.child?.kill('SIGKILL');
  }
}

interface PooledPlan {
  key: string;
  host: SharedHost;
  bodiesJson: string;
  expressions: Readonly<Record<string, string>>;
  lastUsed: number;
}

/**
 * The expression sandboxes of a process (issue 19): one isolate per plan version, kept across runs in a
 * few shared host processes instead of one process started per run. A plan's key names its tenant first;
 * a tenant's plans share a host, and no two plans share an isolate.
 */
export class SandboxPool {
  private readonly hosts: SharedHost[];
  private readonly plans = new Map<string, PooledPlan>();
  private readonly limits: PlanLimits;
  private readonly maxPlans: number;
  private readonly idleMs: number;
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly options: SandboxPoolOptions = {}) {
    this.hosts = Array.from({ length: Math.max(1, options.hosts ?? 2) }, () => new SharedHost());
    this.limits = { memoryLimitMb: options.memoryLimitMb ?? 64, timeoutMs: options.timeoutMs ?? 2000 };
    this.maxPlans = options.maxPlans ?? 64;
    this.idleMs = options.idleMs ?? 10 * 60_000;
    this.sweeper = setInterval(() => this.forgetIdle(), Math.min(this.idleMs, 60_000));
    this.sweeper.unref();
  }

  /**
   * The sandbox of a plan: `key` is `<tenant id>/<anything naming the plan version>`, the same for every run
   * of that version. Closing the answer releases it; its isolate stays for the plan's next run.
   */
  sandboxFor(key: string, expressions: Readonly<Record<string, string>>): Sandbox {
    if (this.closed) throw new Error('The sandbox pool is closed');
    let plan = this.plans.get(key);
    if (plan && !sameExpressions(plan.expressions, expressions)) {
      this.forget(plan);
      plan = undefined;
    }
    if (!plan) {
      const problems = checkExpressions(expressions);
      if (problems.length > 0) throw new ExpressionCompileError(problems);
      plan = {
        key,
        host: this.hostOf(key),
        bodiesJson: JSON.stringify(
          Object.fromEntries(
            Object.entries(expressions).map(([id, src]) => [id, expressionFunctionBody(src)]),
          ),
        ),
        expressions,
        lastUsed: Date.now(),
      };
    }
    // Most recently used last: the map's order is the eviction order.
    this.plans.delete(key);
    this.plans.set(key, plan);
    plan.lastUsed = Date.now();
    this.evictBeyondLimit();
    const pooled = plan;
    return sandboxOver(
      {
        run: (idsJson, recordsJson) => {
          pooled.lastUsed = Date.now();
          return pooled.host.run(pooled.key, pooled.bodiesJson, this.limits, idsJson, recordsJson);
        },
        close: () => undefined,
      },
      {
        expressionIds: Object.keys(expressions),
        ...this.limits,
        ...(this.options.logger && { logger: this.options.logger }),
      },
    );
  }

  /** How many host processes were started so far (tests, metrics). */
  get hostStarts(): number {
    return this.hosts.reduce((n, host) => n + host.starts, 0);
  }

  /** The plans whose isolates are kept. */
  get size(): number {
    return this.plans.size;
  }

  /** For tests: kills the host a plan runs in, as a crash would. */
  killHostOf(key: string): void {
    this.hostOf(key).kill();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    this.plans.clear();
    for (const host of this.hosts) host.close();
  }

  private hostOf(key: string): SharedHost {
    const tenant = key.split('/')[0] ?? key;
    const digest = createHash('sha256').update(tenant).digest();
    return this.hosts[digest.readUInt32BE(0) % this.hosts.length]!;
  }

  private forget(plan: PooledPlan): void {
    this.plans.delete(plan.key);
    plan.host.forget(plan.key);
  }

  private evictBeyondLimit(): void {
    for (const plan of this.plans.values()) {
      if (this.plans.size <= this.maxPlans) return;
      this.forget(plan);
    }
  }

  private forgetIdle(): void {
    const cutoff = Date.now() - this.idleMs;
    for (const plan of [...this.plans.values()]) if (plan.lastUsed < cutoff) this.forget(plan);
  }
}

function sameExpressions(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}
