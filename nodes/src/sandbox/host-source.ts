/**
 * The sandbox host: a small Node process (CommonJS, run with `node -e`) that owns the isolate of one
 * sandbox. isolated-vm cannot contain every allocation: one giant array (`new Array(2 ** 27).fill(0)`)
 * aborts the process that hosts the isolate, whatever its memory limit (laverdet/isolated-vm#107,
 * #527). Hosting it in its own process turns that abort into a failed batch of one integration.
 *
 * Protocol over the IPC channel: the parent sends `{type: 'batch', seq, idsJson, recordsJson}` after
 * one `{type: 'init', runnerSource, bodiesJson, memoryLimitMb, timeoutMs}`; the host answers
 * `{seq, ok: true, json}` or `{seq, ok: false, reason, disposed}`. A batch that fails costs the
 * isolate; the next one starts a fresh isolate. `process.argv[1]` is the path of isolated-vm.
 */
export const HOST_SOURCE = String.raw`'use strict';
const ivm = require(process.argv[1]);
let config;
let runtime;

async function startIsolate() {
  const isolate = new ivm.Isolate({ memoryLimit: config.memoryLimitMb });
  try {
    const context = await isolate.createContext();
    const script = await isolate.compileScript(config.runnerSource);
    const factory = await script.run(context, { reference: true, timeout: config.timeoutMs });
    const runBatch = await factory.apply(undefined, [config.bodiesJson], {
      timeout: config.timeoutMs,
      result: { reference: true },
    });
    return { isolate, runBatch };
  } catch (error) {
    if (!isolate.isDisposed) isolate.dispose();
    throw error;
  }
}

async function runBatch(message) {
  let current;
  try {
    runtime ??= startIsolate();
    current = await runtime;
    const json = await current.runBatch.apply(undefined, [message.idsJson, message.recordsJson], {
      timeout: config.timeoutMs,
    });
    return { seq: message.seq, ok: true, json };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const disposed = current ? current.isolate.isDisposed : false;
    runtime = undefined;
    if (current && !current.isolate.isDisposed) current.isolate.dispose();
    return { seq: message.seq, ok: false, reason, disposed };
  }
}

process.on('message', (message) => {
  if (message.type === 'init') config = message;
  else if (message.type === 'batch') runBatch(message).then((answer) => process.send(answer));
});
process.on('disconnect', () => process.exit(0));
`;
