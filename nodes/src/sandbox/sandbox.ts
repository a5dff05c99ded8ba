import { checkExpressions, ExpressionCompileError, expressionFunctionBody } from './compile.js';
import { SandboxHost, type HostAnswer } from './host.js';

export interface SandboxLogger {
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export interface SandboxOptions {
  /** Expression sources by id, e.g. `{ due: 'date.serviceNow(record.due_at)' }`. */
  expressions: Readonly<Record<string, string>>;
  /** Memory limit of the isolate; default 64. */
  memoryLimitMb?: number;
  /** Time limit for one batch (all its records and expressions); default 2000. */
  timeoutMs?: number;
  logger?: SandboxLogger;
}

export type ExpressionErrorKind = 'timeout' | 'memory' | 'error';

export interface ExpressionError {
  kind: ExpressionErrorKind;
  message: string;
}

export type ExpressionResult = { ok: true; value: unknown } | { ok: false; error: ExpressionError };

/** The results of one record: one per expression id. */
export type RecordResults = Record<string, ExpressionResult>;

export interface Sandbox {
  readonly expressionIds: readonly string[];
  /** Evaluates the given expressions (default: all) on every record; one result set per record. */
  evaluateBatch(records: readonly unknown[], expressionIds?: readonly string[]): Promise<RecordResults[]>;
  /** Evaluates one expression on every record. */
  evaluate(expressionId: string, records: readonly unknown[]): Promise<ExpressionResult[]>;
  /** Waits for the running batch, then disposes the isolate; the sandbox cannot be used afterwards. */
  close(): Promise<void>;
}

const DEFAULT_MEMORY_LIMIT_MB = 64;
const DEFAULT_TIMEOUT_MS = 2000;

/** Where a sandbox's batches run: its own host process, or a plan's isolate in a shared one (`pool.ts`). */
export interface BatchRunner {
  run(idsJson: string, recordsJson: string): Promise<HostAnswer>;
  close(): void;
}

interface SandboxLimits {
  expressionIds: readonly string[];
  memoryLimitMb: number;
  timeoutMs: number;
  logger?: SandboxLogger;
}

/**
 * One isolate for one plan's expressions, in a process of its own (see `host-source.ts`): the expressions
 * are checked now (an `ExpressionCompileError` names every expression that does not compile) and compiled
 * into the isolate on the first batch. A batch that runs out of time or memory, or takes the host process
 * down, fails all its records and costs the isolate; the next batch gets a fresh one. (A process serving
 * many runs keeps its plans' isolates in a `SandboxPool` instead.)
 */
export function createSandbox(options: SandboxOptions): Sandbox {
  const problems = checkExpressions(options.expressions);
  if (problems.length > 0) throw new ExpressionCompileError(problems);
  const memoryLimitMb = options.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const bodiesJson = JSON.stringify(
    Object.fromEntries(
      Object.entries(options.expressions).map(([id, src]) => [id, expressionFunctionBody(src)]),
    ),
  );
  const host = new SandboxHost({ bodiesJson, memoryLimitMb, timeoutMs });
  return sandboxOver(host, {
    expressionIds: Object.keys(options.expressions),
    memoryLimitMb,
    timeoutMs,
    ...(options.logger && { logger: options.logger }),
  });
}

/** A sandbox whose batches a runner runs: one batch at a time, each failure said in words. */
export function sandboxOver(host: BatchRunner, options: SandboxLimits): Sandbox {
  const { expressionIds, memoryLimitMb, timeoutMs } = options;
  const known = new Set(expressionIds);
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();

  function batchFailure(answer: HostAnswer & { ok: false }, recordCount: number): ExpressionError {
    if (/timed out/i.test(answer.reason)) {
      return {
        kind: 'timeout',
        message: `the batch of ${recordCount} records took longer than the ${timeoutMs} ms time limit; an expression may loop forever`,
      };
    }
    if (answer.crashed) {
      return {
        kind: 'memory',
        message: `the batch of ${recordCount} records stopped the sandbox process (${answer.reason}); an expression may allocate more than the ${memoryLimitMb} MB memory limit at once`,
      };
    }
    if (answer.disposed || /memory/i.test(answer.reason)) {
      return {
        kind: 'memory',
        message: `the batch of ${recordCount} records used more than the ${memoryLimitMb} MB memory limit`,
      };
    }
    return { kind: 'error', message: `the batch failed: ${answer.reason}` };
  }

  async function runSerially(
    ids: readonly string[],
    records: readonly unknown[],
  ): Promise<ExpressionResult[][]> {
    if (closed) throw new Error('The expression sandbox is closed');
    const answer = await host.run(JSON.stringify(ids), JSON.stringify(records));
    if (answer.ok) return JSON.parse(answer.json) as ExpressionResult[][];
    const failure = batchFailure(answer, records.length);
    options.logger?.warn(
      { kind: failure.kind, records: records.length },
      `expression sandbox: ${failure.message}`,
    );
    const failed: ExpressionResult = { ok: false, error: failure };
    return records.map(() => ids.map(() => failed));
  }

  // isolated-vm runs one call at a time per isolate anyway; queueing here keeps the recreate-after-
  // failure bookkeeping free of races.
  function enqueue(ids: readonly string[], records: readonly unknown[]): Promise<ExpressionResult[][]> {
    const run = queue.then(() => runSerially(ids, records));
    queue = run.catch(() => undefined);
    return run;
  }

  function assertKnown(ids: readonly string[]): void {
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new Error(`Unknown expression id(s): ${unknown.join(', ')}`);
  }

  return {
    expressionIds,
    async evaluateBatch(records, ids = expressionIds) {
      assertKnown(ids);
      const rows = await enqueue(ids, records);
      return rows.map((cells) => {
        const byId: RecordResults = {};
        for (let i = 0; i < ids.length; i++) byId[ids[i] as string] = cells[i] as ExpressionResult;
        return byId;
      });
    },
    async evaluate(expressionId, records) {
      assertKnown([expressionId]);
      const rows = await enqueue([expressionId], records);
      return rows.map((cells) => cells[0] as ExpressionResult);
    },
    async close() {
      closed = true;
      await queue;
      host.close();
    },
  };
}
