/**
 * A shared sandbox host: one Node process (CommonJS, run with `node -e`) holding the isolates of several
 * plans, one isolate per plan version, so that a plan's expressions are compiled once and reused by every
 * run instead of a process being started per run. Isolates are never shared between plans (and so never
 * between tenants). Like the single host (`host-source.ts`), a giant allocation that aborts the process
 * costs only the batch in hand: the parent starts a new process and defines the plans again on demand.
 *
 * Protocol over the IPC channel: `{type: 'define', key, bodiesJson, memoryLimitMb, timeoutMs}` once per
 * plan (again after a restart), `{type: 'forget', key}` when the parent evicts it, and
 * `{type: 'batch', seq, key, idsJson, recordsJson}`, answered `{seq, ok: true, json}` or
 * `{seq, ok: false, reason, disposed}`. A failed batch costs its plan's isolate; the next batch of that
 * plan starts a fresh one. `process.argv[1]` is the path of isolated-vm, `process.argv[2]` the batch
 * runner's source.
 */
export const SHARED_HOST_SOURCE = String.raw`'use strict';
const ivm = require(process.argv[1]);
const runnerSource = process.argv[2];
const plans = new Map();

async function startIsolate(plan) {
  const isolate = new ivm.Isolate({ memoryLimit: plan.memoryLimitMb });
  try {
    const context = await isolate.createContext();
    const script = await isolate.compileScript(runnerSource);
    const factory = await script.run(context, { reference: true, timeout: plan.timeoutMs });
    const runBatch = await factory.apply(undefined, [plan.bodiesJson], {
      timeout: plan.timeoutMs,
      result: { reference: true },
    });
    return { isolate, runBatch };
  } catch (error) {
    if (!isolate.isDisposed) isolate.dispose();
    throw error;
  }
}

function dispose(plan) {
  const runtime = plan.runtime;
  plan.runtime = undefined;
  if (runtime) runtime.then((r) => { if (!r.isolate.isDisposed) r.isolate.dispose(); }, () => undefined);
}

async function runBatch(message) {
  const plan = plans.get(message.key);
  if (!plan) return { seq: message.seq, ok: false, reason: 'the plan is not defined in this host', disposed: true };
  let current;
  try {
    plan.runtime ??= startIsolate(plan);
    current = await plan.runtime;
    const json = await current.runBatch.apply(undefined, [message.idsJson, message.recordsJson], {
      timeout: plan.timeoutMs,
    });
    return { seq: message.seq, ok: true, json };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const disposed = current ? current.isolate.isDisposed : false;
    dispose(plan);
    return { seq: message.seq, ok: false, reason, disposed };
  }
}

process.on('message', (message) => {
  if (message.type === 'define') plans.set(message.key, message);
  else if (message.type === 'forget') {
    const plan = plans.get(message.key);
    plans.delete(message.key);
    if (plan) dispose(plan);
  } else if (message.type === 'batch') runBatch(message).then((answer) => process.send(answer));
});
process.on('disconnect', () => process.exit(0));
`;
