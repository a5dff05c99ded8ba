import ivm from 'isolated-vm';
import { BATCH_RUNNER_SOURCE } from './batch-runner-source.js';
import { checkExpressions, ExpressionCompileError, expressionFunctionBody } from './compile.js';

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

interface IsolateRuntime {
  isolate: ivm.Isolate;
  runBatch: ivm.Reference<(idsJson: string, recordsJson: string) => string>;
}

const DEFAULT_MEMORY_LIMIT_MB = 64;
const DEFAULT_TIMEOUT_MS = 2000;

/**
 * One isolate per plan: the expressions are checked now (an `ExpressionCompileError` names every
 * expression that does not compile) and compiled into the isolate on the first batch. A batch that
 * runs out of time or memory fails all its records and costs the isolate; the next batch gets a
 * fresh one.
 */
export function createSandbox(options: SandboxOptions): Sandbox {
  const problems = checkExpressions(options.expressions);
  if (problems.length > 0) throw new ExpressionCompileError(problems);

  const memoryLimitMb = options.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const expressionIds = Object.keys(options.expressions);
  const bodiesJson = JSON.stringify(
    Object.fromEntries(
      Object.entries(options.expressions).map(([id, src]) => [id, expressionFunctionBody(src)]),
    ),
  );

  let runtime: Promise<IsolateRuntime> | undefined;
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();

  async function startIsolate(): Promise<IsolateRuntime> {
    const isolate = new ivm.Isolate({ memoryLimit: memoryLimitMb });
    try {
      const context = await isolate.createContext();
      const script = await isolate.compileScript(BATCH_RUNNER_SOURCE);
      const factory = await script.run(context, { reference: true, timeout: timeoutMs });
      const runBatch = await factory.apply(undefined, [bodiesJson], {
        timeout: timeoutMs,
        result: { reference: true },
      });
      return { isolate, runBatch: runBatch as IsolateRuntime['runBatch'] };
    } catch (error) {
      if (!isolate.isDisposed) isolate.dispose();
      throw error;
    }
  }

  function discard(current: IsolateRuntime): void {
    runtime = undefined;
    if (!current.isolate.isDisposed) current.isolate.dispose();
  }

  function batchFailure(error: unknown, current: IsolateRuntime, recordCount: number): ExpressionError {
    const reason = error instanceof Error ? error.message : String(error);
    if (/timed out/i.test(reason)) {
      return {
        kind: 'timeout',
        message: `the batch of ${recordCount} records took longer than the ${timeoutMs} ms time limit; an expression may loop forever`,
      };
    }
    if (current.isolate.isDisposed || /memory/i.test(reason)) {
      return {
        kind: 'memory',
        message: `the batch of ${recordCount} records used more than the ${memoryLimitMb} MB memory limit`,
      };
    }
    return { kind: 'error', message: `the batch failed: ${reason}` };
  }

  async function runSerially(
    ids: readonly string[],
    records: readonly unknown[],
  ): Promise<ExpressionResult[][]> {
    if (closed) throw new Error('The expression sandbox is closed');
    runtime ??= startIsolate();
    const current = await runtime.catch((error: unknown) => {
      runtime = undefined;
      throw error;
    });
    try {
      const json = await current.runBatch.apply(undefined, [JSON.stringify(ids), JSON.stringify(records)], {
        timeout: timeoutMs,
      });
      return JSON.parse(json) as ExpressionResult[][];
    } catch (error) {
      const failure = batchFailure(error, current, records.length);
      options.logger?.warn(
        { kind: failure.kind, records: records.length },
        `expression sandbox: ${failure.message}`,
      );
      discard(current);
      const failed: ExpressionResult = { ok: false, error: failure };
      return records.map(() => ids.map(() => failed));
    }
  }

  // isolated-vm runs one call at a time per isolate anyway; queueing here keeps the recreate-after-
  // failure bookkeeping free of races.
  function enqueue(ids: readonly string[], records: readonly unknown[]): Promise<ExpressionResult[][]> {
    const run = queue.then(() => runSerially(ids, records));
    queue = run.catch(() => undefined);
    return run;
  }

  function assertKnown(ids: readonly string[]): void {
    const unknown = ids.filter((id) => !Object.hasOwn(options.expressions, id));
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
      await runtime?.then(discard, () => undefined);
    },
  };
}
